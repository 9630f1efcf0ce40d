import type { RenderLocale } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translator";

/** An incident's status, impact and the page's overall state in the reader's language (messages/<locale>/common.json). */
function label(locale: RenderLocale, group: string, value: string): string {
  const t = translator(locale, `common.${group}`);
  return t.has(value) ? t(value) : value;
}

export const statusLabel = (s: string, locale: RenderLocale = "en") => label(locale, "incidentStatus", s);
export const impactLabel = (s: string, locale: RenderLocale = "en") => label(locale, "impact", s);
export const overallLabel = (s: string, locale: RenderLocale = "en") => label(locale, "overall", s);
