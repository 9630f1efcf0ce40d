import { defaultLocale, type RenderLocale } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translator";

/** The content's language for the data layer: the pseudo-locale reads the default language's texts. */
export function contentLocaleOf(locale: RenderLocale): string {
  return locale === "en-XA" ? defaultLocale : locale;
}

/**
 * The content work's note (messages content.notTranslated, decision 043) when staff have not
 * translated an incident or letter into the reader's language (its text then carries its own
 * `lang`).
 */
export function ContentLanguageNote({ locale, shown, fallback }: { locale: RenderLocale; shown: string; fallback: boolean }) {
  if (!fallback || shown === contentLocaleOf(locale)) return null;
  return (
    <p className="notice content-language" role="note">
      {translator(locale, "content")("notTranslated")}
    </p>
  );
}
