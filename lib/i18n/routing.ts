import { defineRouting } from "next-intl/routing";
import { defaultLocale, direction, isLocale, locales, pseudoLocale, type Locale, type RenderLocale } from "./locales";

/**
 * Public pages carry their language in the path (decision 040): `/` and `/lookup` are the
 * default language exactly as before, `/es/...`, `/pt-BR/...`, `/ar` the others, and
 * `/en-XA/...` the pseudo-locale for tests (never linked). Each language is its own URL, so
 * the micro-cache, nginx and any CDN hold one copy per language without varying on a header.
 * No detection from Accept-Language or a cookie: an address always answers the same.
 */
export const routedLocales = [...locales, pseudoLocale] as const;

export const routing = defineRouting({
  locales: routedLocales,
  defaultLocale,
  localePrefix: "as-needed",
  localeDetection: false,
  localeCookie: false,
  // hreflang alternates are in each page's <head> (LanguageSwitcher), not a Link header on every answer.
  alternateLinks: false,
});

export function isRenderLocale(value: string): value is RenderLocale {
  return value === pseudoLocale || isLocale(value);
}

/** `/es/incidents/x` -> { locale: "es", path: "/incidents/x" }; unprefixed paths are the default language. */
export function splitLocalePath(pathname: string): { locale: RenderLocale; path: string } {
  const [, first = "", ...rest] = pathname.split("/");
  if (first !== defaultLocale && isRenderLocale(first)) return { locale: first, path: `/${rest.join("/")}` };
  return { locale: defaultLocale, path: pathname || "/" };
}

/** The address of `path` (unprefixed, starting with /) in `locale`. */
export function localePath(locale: RenderLocale, path: string): string {
  if (locale === defaultLocale) return path;
  return path === "/" ? `/${locale}` : `/${locale}${path}`;
}

export { direction, type Locale };

/** The language of a request to a route under app/[locale] (its form posts): from the address. */
export function requestLocale(request: Request): RenderLocale {
  return splitLocalePath(new URL(request.url).pathname).locale;
}
