import Link from "next/link";
import { isLocale, locales, type Locale } from "@/lib/i18n/locales";

const names = new Intl.DisplayNames("en", { type: "language" });

/** A language's English name for the console ("Spanish", "Brazilian Portuguese"). */
export function languageName(locale: string): string {
  return names.of(locale) ?? locale;
}

/** The language a console page edits, from its `?lang=`: the content's default when absent or unknown. */
export function editedLanguage(asked: string | undefined, defaultLocale: string): Locale {
  if (asked && isLocale(asked)) return asked;
  return isLocale(defaultLocale) ? defaultLocale : "en";
}

/**
 * The language tabs of a console editor (the console stays English; the content is edited in
 * every shipped language). Links, so each language's form is its own page and works without
 * JavaScript. `written`: languages that have text already.
 */
export function LanguageTabs(props: { basePath: string; current: Locale; defaultLocale: string; written: ReadonlySet<string> }) {
  return (
    <nav aria-label="Language of the content" className="language-tabs" data-testid="language-tabs">
      <span className="muted">Language: </span>
      {locales.map((l, i) => {
        const label = `${languageName(l)}${l === props.defaultLocale ? " (default)" : props.written.has(l) ? "" : " (not written)"}`;
        return (
          <span key={l}>
            {i > 0 ? " · " : null}
            {l === props.current ? (
              <strong aria-current="page">{label}</strong>
            ) : (
              <Link href={`${props.basePath}?lang=${l}`} hrefLang={l}>
                {label}
              </Link>
            )}
          </span>
        );
      })}
    </nav>
  );
}
