import { describe, expect, it } from "vitest";
import { direction, languageTagSchema, parseLanguageTag } from "@/lib/i18n/locales";

describe("parseLanguageTag", () => {
  it.each([
    ["en", "en", true],
    ["pt-BR", "pt-BR", true],
    ["pt_br", "pt-BR", true],
    ["pt", "pt-BR", true],
    ["es-MX", "es", true],
    ["de-AT", "de", true],
    ["AR", "ar", true],
    ["zh-Hant-TW", "en", false],
    ["ja", "en", false],
  ])("%s -> %s (supported %s)", (input, locale, supported) => {
    const parsed = parseLanguageTag(input);
    expect(parsed).toMatchObject({ ok: true, locale, supported });
  });

  it.each(["", "e", "english!", "12", "en--US", "toolonglanguage"])("refuses %j", (input) => {
    expect(parseLanguageTag(input).ok).toBe(false);
  });

  it("gives a schema error naming the format", () => {
    const r = languageTagSchema.safeParse("not a tag");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/BCP 47/);
    expect(languageTagSchema.parse("fr-CA")).toBe("fr");
  });

  it("knows right-to-left", () => {
    expect(direction("ar")).toBe("rtl");
    expect(direction("de")).toBe("ltr");
  });
});
