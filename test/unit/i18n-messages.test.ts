import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkMessageFiles } from "@/lib/i18n/check-messages";
import { locales } from "@/lib/i18n/locales";
import { clearMessageCache, loadMessages } from "@/lib/i18n/messages";
import { pseudoMessage } from "@/lib/i18n/pseudo";
import { formattersFor, translator } from "@/lib/i18n/translator";

describe("message files (messages/<locale>/<namespace>.json)", () => {
  it("every locale has exactly the default language's messages, each valid ICU with the same arguments", () => {
    expect(checkMessageFiles()).toEqual([]);
  });

  describe("the check itself", () => {
    let root: string;
    afterEach(() => rmSync(root, { recursive: true, force: true }));
    const write = (locale: string, ns: string, body: unknown) => {
      mkdirSync(path.join(root, locale), { recursive: true });
      writeFileSync(path.join(root, locale, `${ns}.json`), JSON.stringify(body));
    };
    function fixture(es: Record<string, unknown>) {
      root = mkdtempSync(path.join(tmpdir(), "rp-messages-"));
      const en = { a: "Hello {name}", n: { count: "{n, plural, one {# item} other {# items}}" } };
      for (const l of locales) write(l, "x", l === "es" ? es : en);
      return root;
    }

    it("names a missing message, an extra one, a broken one and a changed argument", () => {
      const problems = checkMessageFiles(fixture({ a: "Hola {nombre}", n: { count: "{n, plural, one {# elemento} other {# elementos}" }, extra: "Sobra" }));
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^es: x\.a uses \{nombre\} but en uses \{name\}/),
          expect.stringMatching(/^es: x\.n\.count is not a valid ICU message/),
          "es: extra x.extra",
        ]),
      );
      expect(checkMessageFiles(fixture({ a: "Hola {name}" }))).toContain("es: missing x.n.count");
    });

    it("names a namespace file a locale lacks or has alone, and a plural without other", () => {
      const dir = fixture({ a: "Hola {name}", n: { count: "{n, plural, one {# elemento}}" } });
      write("fr", "only-fr", { a: "b" });
      rmSync(path.join(dir, "de", "x.json"));
      const problems = checkMessageFiles(dir);
      expect(problems).toContain("de: no x.json");
      expect(problems).toContain("fr: only-fr.json has no en counterpart");
      // intl-messageformat's parser refuses a plural without "other" (a reader would get an error).
      expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^es: x\.n\.count is not a valid ICU message \(MISSING_OTHER_CLAUSE/)]));
    });
  });
});

describe("pseudo-locale en-XA", () => {
  it("accents and brackets the text and keeps the ICU syntax", () => {
    expect(pseudoMessage("Service status")).toBe("[Šéŕṽîçé šţåţûš]");
    expect(pseudoMessage("{n, plural, one {# account} other {# accounts}} in <link>{place}</link>")).toBe(
      "[{n,plural,one{# åççöûñţ} other{# åççöûñţš}} îñ <link>{place}</link>]",
    );
    expect(translator("en-XA", "common")("progress.summary", { percent: "50.0%", restored: "1", affected: 2 })).toBe("[50.0% ŕéšţöŕéð, 1 öƒ 2 åççöûñţš]");
  });
});

describe("translator and formatters", () => {
  it("formats plurals per CLDR and numbers, percentages and dates per locale", () => {
    expect(translator("ar", "common")("progress.summary", { percent: "x", restored: "2", affected: 2 })).toContain("حسابين");
    expect(translator("ar", "common")("progress.summary", { percent: "x", restored: "2", affected: 5 })).toContain("5 حسابات");
    expect(translator("ar", "common")("progress.summary", { percent: "x", restored: "2", affected: 11 })).toContain("11 حسابًا");
    expect(formattersFor("en").percent(923, 1000)).toBe("92.3%");
    expect(formattersFor("de").percent(923, 1000)).toBe("92,3\u00a0%");
    expect(formattersFor("en").percent(0, 0)).toBe("0.0%");
    expect(formattersFor("de").integer(1234567)).toBe("1.234.567");
    expect(formattersFor("en").dateTime("2026-12-01T15:30:00Z")).toBe("1 Dec 2026, 15:30 UTC");
    expect(formattersFor("fr").dateTime("2026-12-01T15:30:00Z")).toBe("1 déc. 2026, 15:30 UTC");
    expect(formattersFor("de").age(300)).toBe("5 Minuten");
  });

  it("never shows a key: a message no language has is empty, and is logged once", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const t = translator("fr", "common");
    expect(t("no.such.message")).toBe("");
    expect(t("no.such.message")).toBe("");
    expect(error).toHaveBeenCalledTimes(1);
    expect(String(error.mock.calls[0]?.[0])).toMatch(/no\.such\.message/);
  });

  it("fills a locale's missing message from the default language, logged once", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rp-cwd-"));
    const cwd = vi.spyOn(process, "cwd").mockReturnValue(dir);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      for (const l of ["en", "es"]) mkdirSync(path.join(dir, "messages", l), { recursive: true });
      writeFileSync(path.join(dir, "messages", "en", "x.json"), JSON.stringify({ a: "Hello", b: "Bye" }));
      writeFileSync(path.join(dir, "messages", "es", "x.json"), JSON.stringify({ a: "Hola" }));
      clearMessageCache();
      expect(loadMessages("es")).toEqual({ x: { a: "Hola", b: "Bye" } });
      loadMessages("es");
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/missing in es.*x\.b/);
    } finally {
      cwd.mockRestore();
      clearMessageCache();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
