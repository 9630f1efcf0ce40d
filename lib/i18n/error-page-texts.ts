import ar from "../../messages/ar/common.json";
import de from "../../messages/de/common.json";
import en from "../../messages/en/common.json";
import es from "../../messages/es/common.json";
import fr from "../../messages/fr/common.json";
import ptBR from "../../messages/pt-BR/common.json";
import { defaultLocale, type RenderLocale } from "./locales";
import { accent } from "./accent";
import { isRenderLocale } from "./routing";

/**
 * The error page's words (common.error) for the browser: app/[locale]/error.tsx is a client
 * component, which cannot read the message files, so these few are bundled with it.
 */
type ErrorTexts = (typeof en)["error"];
const byLocale: Record<string, ErrorTexts> = { en: en.error, es: es.error, fr: fr.error, de: de.error, "pt-BR": ptBR.error, ar: ar.error };

export function errorPageTexts(requested: string | undefined): { locale: RenderLocale; texts: ErrorTexts } {
  const locale = requested && isRenderLocale(requested) ? requested : defaultLocale;
  if (locale === "en-XA") {
    return { locale, texts: Object.fromEntries(Object.entries(en.error).map(([k, v]) => [k, `[${accent(v)}]`])) as ErrorTexts };
  }
  return { locale, texts: byLocale[locale] ?? en.error };
}
