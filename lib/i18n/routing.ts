import { defaultLocale, direction, isLocale, locales, pseudoLocale, type Locale, type RenderLocale } from "./locales";

/**
 * Public pages carry their language in the path (decision 040): `/` and `/lookup` are the
 * default language exactly as before, `/es/...`, `/pt-BR/...`, `/ar` the others, and
 * `/en-XA/...` the pseudo-locale for tests (never linked). Each language is its own URL, so
 * the micro-cache, nginx and any CDN hold one copy per language without varying on a header.
 * No detection from Accept-Language or a cookie: an address always answers the same. next.config.ts
 * routes the addresses (its redirects and rewrites).
 */
export const routedLocales = [...locales, pseudoLocale] as const;

export function isRenderLocale(value: string): value is RenderLocale {
  return value === pseudoLocale || isLocale(value);
}

/** `/es/incidents/x` -> { locale: "es", path: "/incidents/x" }; unprefixed paths are the default language. */
export function splitLocalePath(pathname: string): { locale: RenderLocale; path: string } {
  const [, first = "", ...rest] = pathname.split("/");
  if (first !== defaultLocale && isRenderLocale(first)) return { locale: first, path: `/${rest.join("/")}` };
  return { locale: defaultLocale, path: pathname || "/" };
}

/**
 * The page's own path without any language prefix, the default language's too: a page
 * rendered for `/about` sees its route `/en/about` (next.config.ts rewrites it; a prerendered
 * page is rendered once under that name), and its links to the other languages must not keep it.
 */
export function pagePath(pathname: string): string {
  const [, first = ""] = pathname.split("/");
  if (first === defaultLocale) return pathname.slice(first.length + 1) || "/";
  return splitLocalePath(pathname).path;
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
