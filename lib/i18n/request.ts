import { getRequestConfig } from "next-intl/server";
import { defaultLocale } from "./locales";
import { loadMessages } from "./messages";
import { isRenderLocale } from "./routing";
import { i18nMessageFallback, onI18nError, timeZone } from "./translator";

/**
 * next-intl's request configuration (next.config.ts points its plugin here): the locale of
 * the `[locale]` segment (set by app/[locale]/layout.tsx with setRequestLocale), the same
 * messages, error handling and time zone as the pure translators in ./translator.ts.
 */
export default getRequestConfig(async ({ requestLocale, locale: explicit }) => {
  const requested = explicit ?? (await requestLocale);
  const locale = requested && isRenderLocale(requested) ? requested : defaultLocale;
  return { locale, messages: loadMessages(locale), timeZone, onError: onI18nError, getMessageFallback: i18nMessageFallback };
});
