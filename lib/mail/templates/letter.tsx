import { Heading, Text } from "@react-email/components";
import type { RenderLocale } from "../../i18n/locales";
import { translator } from "../../i18n/translator";
import { renderMarkdown } from "../../markdown";
import { EmailLayout, EmailLink, headingStyle, NotTranslatedNote, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

/**
 * An apology letter, personalised at send time: {{name}} becomes the account's display
 * name ("customer" for a subscriber without an account), {{categories}} the account's
 * affected data categories ("data" without an account), both words in the email's language.
 */
export interface LetterEmailProps {
  locale: RenderLocale;
  title: string;
  bodyHtml: string;
  signatoryName: string;
  signatoryTitle: string;
  letterUrl: string;
  correctionNote?: string | null;
  /** The letter is not published in `locale` yet: its default language is sent, with a note. */
  fallback?: boolean;
  unsubscribeUrl?: string | null;
}

export function applyMergeFields(source: string, fields: { name: string; categories: string }): string {
  return source.replace(/\{\{\s*(name|categories)\s*\}\}/g, (_m, field: "name" | "categories") => fields[field]);
}

/** What {{name}} and {{categories}} read as for a recipient without an account. */
export function letterMergeDefaults(locale: RenderLocale): { name: string; categories: string } {
  const t = translator(locale, "emails");
  return { name: t("letter.customer"), categories: t("letter.yourData") };
}

export function LetterEmail(p: LetterEmailProps) {
  const t = translator(p.locale, "emails");
  return (
    <EmailLayout
      locale={p.locale}
      title={p.title}
      preview={p.title}
      footer={
        <>
          {t.rich("letter.footer", {
            url: p.letterUrl,
            link: () => (
              <EmailLink tone="footer" href={p.letterUrl}>
                {p.letterUrl}
              </EmailLink>
            ),
          })}
          {p.unsubscribeUrl ? (
            <>
              {" "}
              <EmailLink tone="footer" href={p.unsubscribeUrl}>{t("unsubscribe")}</EmailLink>.
            </>
          ) : null}
        </>
      }
    >
      {p.fallback ? <NotTranslatedNote locale={p.locale} /> : null}
      <Heading as="h1" style={headingStyle}>
        {p.title}
      </Heading>
      {p.correctionNote ? <Text style={{ ...textStyle, fontStyle: "italic" }}>{t("letter.correction", { note: p.correctionNote })}</Text> : null}
      <div style={textStyle} dangerouslySetInnerHTML={{ __html: p.bodyHtml }} />
      <Text style={textStyle}>
        {p.signatoryName}
        <br />
        {p.signatoryTitle}
      </Text>
      <Text style={textStyle}>
        <EmailLink href={p.letterUrl}>{t("letter.readOnline")}</EmailLink>
      </Text>
    </EmailLayout>
  );
}

/**
 * Rendered once per revision and language; the merge fields and the unsubscribe link are
 * slots filled per recipient (escaped in HTML).
 */
export interface LetterEmailData {
  /** The email's language (the recipient's); the letter's own text may be in another (`fallback`). */
  locale: RenderLocale;
  fallback?: boolean;
  letterId: string;
  /** The language of the revision (revisions are numbered per language). */
  letterLocale?: string;
  revision: number;
  title: string;
  /** Markdown with {{name}} and {{categories}}. */
  body: string;
  signatoryName: string;
  signatoryTitle: string;
  correctionNote: string | null;
  letterUrl: string;
  name: string;
  categories: string;
  unsubscribeUrl: string | null;
}

export async function renderLetterEmail(d: LetterEmailData): Promise<RenderedEmail> {
  const rendered = await renderTemplate(
    JSON.stringify(["letter", d.letterId, d.letterLocale ?? "", d.revision, d.locale, Boolean(d.fallback), Boolean(d.unsubscribeUrl)]),
    (slot) => (
      <LetterEmail
        locale={d.locale}
        fallback={d.fallback ?? false}
        title={d.title}
        bodyHtml={renderMarkdown(applyMergeFields(d.body, { name: slot("name"), categories: slot("categories") }))}
        signatoryName={d.signatoryName}
        signatoryTitle={d.signatoryTitle}
        correctionNote={d.correctionNote}
        letterUrl={d.letterUrl}
        unsubscribeUrl={d.unsubscribeUrl ? slot("unsub") : null}
      />
    ),
    { name: d.name, categories: d.categories, unsub: d.unsubscribeUrl ?? "" },
  );
  return { subject: d.title, ...rendered, unsubscribeUrl: d.unsubscribeUrl, locale: d.locale };
}
