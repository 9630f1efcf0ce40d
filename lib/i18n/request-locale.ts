import { getLocale } from "next-intl/server";
import { defaultLocale, type RenderLocale } from "./locales";
import { isRenderLocale } from "./routing";

/**
 * The language of the page being rendered, for the few components that get no params
 * (not-found.tsx): next-intl's request locale (app/[locale]/layout.tsx sets it). Outside a
 * Next request (a test rendering the component alone) the default language.
 */
export async function currentRequestLocale(): Promise<RenderLocale> {
  try {
    const locale = await getLocale();
    return isRenderLocale(locale) ? locale : defaultLocale;
  } catch {
    return defaultLocale;
  }
}
