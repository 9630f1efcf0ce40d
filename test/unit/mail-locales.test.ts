import { describe, expect, it } from "vitest";
import { locales, pseudoLocale } from "@/lib/i18n/locales";
import { emailLocale } from "@/lib/mail/email-locale";
import { formatRestoreCounts, restoreCountText } from "@/lib/mail/templates/restore";

describe("email languages", () => {
  it("restore counts from the per-category template equal the ICU message, in every language", () => {
    const totals = [...Array(260).keys()].slice(1).concat([1000, 1001, 1100, 1300, 12_345, 100_000, 1_000_000, 2_000_000_000]);
    for (const locale of [...locales, pseudoLocale]) {
      for (const total of totals) {
        for (const restored of [0, 1, Math.floor(total / 2), total]) {
          expect(restoreCountText({ state: "partial", itemsRestored: restored, itemsTotal: total }, locale), `${locale} ${restored}/${total}`).toBe(
            formatRestoreCounts(locale, restored, total),
          );
        }
      }
    }
    expect(restoreCountText({ state: "partial", itemsRestored: 64, itemsTotal: 300 }, "de")).toBe(" (64 von 300 Elementen)");
    expect(restoreCountText({ state: "restored", itemsRestored: 1, itemsTotal: 1 }, "fr")).toBe(" (1 sur 1 élément)");
    expect(restoreCountText({ state: "restored", itemsRestored: 2, itemsTotal: 2 }, "ar")).toBe(" (2 من عنصرين)");
    expect(restoreCountText({ state: "unrecoverable", itemsRestored: 0, itemsTotal: 5 }, "es")).toBe("");
  });

  it("an email's language: the recipient's when shipped, else the incident's default, else English", () => {
    expect(emailLocale("es", "fr")).toBe("es");
    expect(emailLocale("ja", "fr")).toBe("fr");
    expect(emailLocale(null, "de")).toBe("de");
    expect(emailLocale("ja", "xx")).toBe("en");
    expect(emailLocale(pseudoLocale, "fr")).toBe(pseudoLocale);
  });
});
