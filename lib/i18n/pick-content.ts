import { isLocale, type Locale } from "./locales";

/**
 * The one rule for which language of a piece of content a reader gets (docs/decisions/043):
 * their own language when a translation exists, else the content's default language with
 * `fallback: true`, so the page or email can say "not yet available in your language". A
 * reader never gets nothing: the default language is always there.
 *
 * `translations` holds the other languages only; `base` is the text in `defaultLocale`.
 */
export interface Picked<T> {
  content: T;
  /** The language the content is in. */
  locale: Locale;
  /** The reader asked for another language, which has no translation yet. */
  fallback: boolean;
}

export function pickContent<T>(
  base: T,
  defaultLocale: string,
  translations: Partial<Record<string, T>> | undefined,
  wanted: string | undefined | null,
): Picked<T> {
  const fallbackLocale: Locale = isLocale(defaultLocale) ? defaultLocale : "en";
  if (!wanted || wanted === fallbackLocale) return { content: base, locale: fallbackLocale, fallback: false };
  const translated = translations?.[wanted];
  if (translated !== undefined && isLocale(wanted)) return { content: translated, locale: wanted, fallback: false };
  return { content: base, locale: fallbackLocale, fallback: true };
}

/** The languages content may be written in besides its default (a translation's key). */
export function translationLocales(defaultLocale: string, all: readonly Locale[]): Locale[] {
  return all.filter((l) => l !== defaultLocale);
}
