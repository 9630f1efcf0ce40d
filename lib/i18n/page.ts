import { defaultLocale, type RenderLocale } from "./locales";
import { isRenderLocale } from "./routing";

/** The `[locale]` segment of a page's params; the default language when absent (tests render pages directly). */
export async function pageLocale(params?: Promise<{ locale?: string }> | { locale?: string }): Promise<RenderLocale> {
  const locale = (await params)?.locale;
  return locale && isRenderLocale(locale) ? locale : defaultLocale;
}
