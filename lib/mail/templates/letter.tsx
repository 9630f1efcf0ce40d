import { Heading, Text } from "@react-email/components";
import { renderMarkdown } from "../../markdown";
import { EmailLayout, EmailLink, headingStyle, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

/**
 * An apology letter, personalised at send time: {{name}} becomes the account's display
 * name ("customer" for a subscriber without an account), {{categories}} the account's
 * affected data categories ("data" without an account).
 */
export interface LetterEmailProps {
  title: string;
  bodyHtml: string;
  signatoryName: string;
  signatoryTitle: string;
  letterUrl: string;
  correctionNote?: string | null;
  unsubscribeUrl?: string | null;
}

export function applyMergeFields(source: string, fields: { name: string; categories: string }): string {
  return source.replace(/\{\{\s*(name|categories)\s*\}\}/g, (_m, field: "name" | "categories") => fields[field]);
}

export function LetterEmail(p: LetterEmailProps) {
  return (
    <EmailLayout
      title={p.title}
      preview={p.title}
      footer={
        <>
          This letter is also published at <EmailLink tone="footer" href={p.letterUrl}>{p.letterUrl}</EmailLink>.
          {p.unsubscribeUrl ? (
            <>
              {" "}
              <EmailLink tone="footer" href={p.unsubscribeUrl}>Unsubscribe from updates</EmailLink>.
            </>
          ) : null}
        </>
      }
    >
      <Heading as="h1" style={headingStyle}>
        {p.title}
      </Heading>
      {p.correctionNote ? <Text style={{ ...textStyle, fontStyle: "italic" }}>Correction: {p.correctionNote}</Text> : null}
      <div style={textStyle} dangerouslySetInnerHTML={{ __html: p.bodyHtml }} />
      <Text style={textStyle}>
        {p.signatoryName}
        <br />
        {p.signatoryTitle}
      </Text>
      <Text style={textStyle}>
        <EmailLink href={p.letterUrl}>Read the letter online</EmailLink>
      </Text>
    </EmailLayout>
  );
}

/**
 * Rendered once per revision; the merge fields and the unsubscribe link are slots filled
 * per recipient (escaped in HTML).
 */
export interface LetterEmailData {
  letterId: string;
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
    JSON.stringify(["letter", d.letterId, d.revision, Boolean(d.unsubscribeUrl)]),
    (slot) => (
      <LetterEmail
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
  return { subject: d.title, ...rendered, unsubscribeUrl: d.unsubscribeUrl };
}
