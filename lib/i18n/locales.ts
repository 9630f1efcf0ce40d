import { z } from "zod";

/**
 * The languages the portal ships, in the order the language switcher lists them. `en` is the
 * default: its pages keep their unprefixed URLs, and every other language lives under its own
 * path prefix (`/es/...`, `/pt-BR/...`) so each language is its own cacheable URL.
 *
 * `en-XA` is the pseudo-locale (accented and bracketed English, generated from `en`): it is not
 * offered to readers; tests render every page and email in it to prove no hard-coded English.
 */
export const locales = ["en", "es", "fr", "de", "pt-BR", "ar"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "en";
export const pseudoLocale = "en-XA" as const;
export type RenderLocale = Locale | typeof pseudoLocale;

const rtl: ReadonlySet<string> = new Set(["ar"]);

export function isLocale(value: string): value is Locale {
  return (locales as readonly string[]).includes(value);
}

/** `rtl` for right-to-left languages, for `<html dir>`. */
export function direction(locale: string): "ltr" | "rtl" {
  return rtl.has(locale) ? "rtl" : "ltr";
}

export type LanguageTag =
  | { ok: true; tag: string; locale: Locale; supported: boolean }
  | { ok: false; reason: string };

/**
 * Reads a BCP 47 tag (`es`, `pt-BR`, `pt_br`, `de-AT`, `zh-Hant-TW`) and maps it to the shipped
 * language that fits best: the exact tag, else its language with any region (`es-MX` -> `es`,
 * `pt` -> `pt-BR`), else the default, with `supported: false` so callers can warn. A string
 * that is not a well-formed tag is `ok: false` (the caller names the row or field).
 */
export function parseLanguageTag(input: string): LanguageTag {
  const raw = input.trim().replace(/_/g, "-");
  let tag: string;
  try {
    const canonical = Intl.getCanonicalLocales(raw);
    if (canonical.length !== 1 || !canonical[0]) return { ok: false, reason: "is not a language tag (BCP 47) such as en or pt-BR" };
    tag = canonical[0];
  } catch {
    return { ok: false, reason: "is not a language tag (BCP 47) such as en or pt-BR" };
  }
  const exact = locales.find((l) => l.toLowerCase() === tag.toLowerCase());
  if (exact) return { ok: true, tag, locale: exact, supported: true };
  const language = new Intl.Locale(tag).language;
  const sameLanguage = locales.find((l) => new Intl.Locale(l).language === language);
  if (sameLanguage) return { ok: true, tag, locale: sameLanguage, supported: true };
  return { ok: true, tag, locale: defaultLocale, supported: false };
}

/**
 * A zod field for a language tag at an input boundary (CSV, API, forms): a well-formed tag becomes
 * the shipped locale it maps to; a malformed one is an issue with a clear message. Whether the
 * tag was supported is for the caller to warn about (`parseLanguageTag(...).supported`).
 */
export const languageTagSchema = z.string().transform((value, ctx) => {
  const parsed = parseLanguageTag(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.reason });
    return z.NEVER;
  }
  return parsed.locale;
});
