import { Heading, Text } from "@react-email/components";
import { publicUrl } from "../../env";
import { renderMarkdown } from "../../markdown";
import { unsubscribeUrlFor } from "../unsubscribe-link";
import { EmailLayout, EmailLink, headingStyle, renderTemplate, textStyle } from "./layout";
import { RenderError, type EmailRenderer } from "./types";

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

export const renderLetterEmail: EmailRenderer = async (row, db) => {
  const letterId = row.payload.letterId;
  if (typeof letterId !== "string") throw new RenderError("letter email without payload.letterId");
  const revisionNumber = typeof row.payload.revision === "number" ? row.payload.revision : undefined;
  const revision = await db.prisma.letterRevision.findFirst({
    where: { letterId, ...(revisionNumber ? { revision: revisionNumber } : {}) },
    orderBy: { revision: "desc" },
    select: { revision: true, title: true, body: true, signatoryName: true, signatoryTitle: true, correctionNote: true, letter: { select: { slug: true, incidentId: true } } },
  });
  if (!revision) throw new RenderError(`letter ${letterId} has no published revision`);
  let name = "customer";
  let categories = "data";
  if (row.accountId != null) {
    const [account] = await db.driver.query<{ display_name: string; categories: string | null }>(
      `SELECT a."display_name",
              (SELECT string_agg(lower(c."label"), ', ' ORDER BY c."position") FROM "impact" im
                 JOIN "data_category" c ON c."id" = im."category_id"
                WHERE im."account_id" = a."id" AND im."incident_id" = $2::uuid AND im."state" <> 'not_affected') AS "categories"
       FROM "account" a WHERE a."id" = $1`,
      [row.accountId, revision.letter.incidentId],
    );
    if (account) {
      name = account.display_name;
      categories = account.categories ?? categories;
    }
  }
  const unsubscribeUrl = unsubscribeUrlFor(row);
  // Rendered once per revision; merge fields are slots filled per recipient (escaped in HTML).
  const rendered = await renderTemplate(
    JSON.stringify(["letter", letterId, revision.revision, Boolean(unsubscribeUrl)]),
    (slot) => (
      <LetterEmail
        title={revision.title}
        bodyHtml={renderMarkdown(applyMergeFields(revision.body, { name: slot("name"), categories: slot("categories") }))}
        signatoryName={revision.signatoryName}
        signatoryTitle={revision.signatoryTitle}
        correctionNote={revision.correctionNote}
        letterUrl={`${publicUrl()}/letters/${revision.letter.slug}`}
        unsubscribeUrl={unsubscribeUrl ? slot("unsub") : null}
      />
    ),
    { name, categories, unsub: unsubscribeUrl ?? "" },
  );
  return { subject: revision.title, ...rendered, unsubscribeUrl };
};
