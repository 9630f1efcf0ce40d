import { Button, Heading, Text } from "@react-email/components";
import { accountLinkLifetimeDays, newAccountLinkToken } from "../account-link";
import { unsubscribeUrlFor } from "../unsubscribe-link";
import { buttonStyle, EmailLayout, FooterLink, headingStyle, renderTemplate, textStyle } from "./layout";
import { RenderError, type EmailRenderer } from "./types";

/**
 * The restore email, rendered when it is sent from every terminal restore event of the
 * account not reported by an earlier restore email. Its coverage (event ids in
 * (coversFromEventId, coversUpToEventId]) is written to the payload before the first
 * send, so a retry or a resend says exactly the same thing and a later email starts
 * where this one stopped.
 */
export interface RestoreEmailProps {
  name: string;
  incidentTitle: string;
  /** `counts`: " (64 of 300 items)" or "" (see restoreCountText). */
  categories: { label: string; state: "restored" | "partial" | "unrecoverable"; counts: string }[];
  complete: boolean;
  accountUrl: string;
  unsubscribeUrl?: string | null;
}

const stateText = {
  restored: "restored",
  partial: "partly restored",
  unrecoverable: "could not be recovered",
} as const;

export function restoreCountText(c: { state: string; itemsRestored: number | null; itemsTotal: number | null }): string {
  if (c.itemsTotal == null || c.itemsTotal === 0 || c.state === "unrecoverable") return "";
  return ` (${(c.itemsRestored ?? 0).toLocaleString("en-US")} of ${c.itemsTotal.toLocaleString("en-US")} items)`;
}

export function restoreSubject(p: Pick<RestoreEmailProps, "complete">): string {
  return p.complete ? "The recovery of your account is complete" : "Some of your data has been restored";
}

export function RestoreEmail(p: RestoreEmailProps) {
  const preview = p.complete ? "Every category of your account has been processed." : p.categories.map((c) => `${c.label}: ${stateText[c.state]}`).join(", ");
  return (
    <EmailLayout
      preview={preview}
      footer={
        <>
          You receive this email once for each change to your account after the {p.incidentTitle}.
          {p.unsubscribeUrl ? (
            <>
              {" "}To stop incident updates, <FooterLink href={p.unsubscribeUrl}>unsubscribe</FooterLink>; restore notices are still sent once.
            </>
          ) : null}
        </>
      }
    >
      <Heading as="h1" style={headingStyle}>
        {p.complete ? "The recovery of your account is complete" : "An update on your data"}
      </Heading>
      <Text style={textStyle}>Hello {p.name},</Text>
      <Text style={textStyle}>
        {p.complete
          ? "We have finished recovering your account. This is where each kind of data ended up:"
          : "We have made progress recovering your account:"}
      </Text>
      {p.categories.map((c) => (
        <Text key={c.label} style={{ ...textStyle, margin: "4px 0 4px 12px" }}>
          • {c.label}: {stateText[c.state]}
          {c.counts}
        </Text>
      ))}
      <Text style={textStyle}>See every category of your account, with item counts, on your private page:</Text>
      <Button href={p.accountUrl} style={buttonStyle}>
        View your account
      </Button>
      <Text style={{ ...textStyle, fontSize: "13px" }}>This link is personal; do not forward this email.</Text>
    </EmailLayout>
  );
}

interface CategoryRow {
  label: string;
  state: "restored" | "partial" | "unrecoverable";
  items_restored: number | null;
  items_total: number | null;
  incident_title: string;
}

const asInt = (v: unknown): number | null => (typeof v === "number" && Number.isInteger(v) ? v : null);

export const renderRestoreEmail: EmailRenderer = async (row, db) => {
  if (row.accountId == null) throw new RenderError("restore email without an account");
  let from = asInt(row.payload.coversFromEventId);
  let upTo = asInt(row.payload.coversUpToEventId);
  if (from == null || upTo == null) {
    // First send: fix the range of events this email reports, starting after the last
    // one reported by a sent (or sending) restore email of the account.
    const [range] = await db.driver.query<{ from_id: number; up_to: number }>(
      `WITH "prev" AS (
         SELECT coalesce(max(("payload"->>'coversUpToEventId')::int), 0) AS "from_id" FROM "email_outbox"
         WHERE "account_id" = $1 AND "kind" = 'restore' AND "id" <> $2 AND "status" IN ('sent', 'sending') AND "payload" ? 'coversUpToEventId'
       ), "last" AS (
         SELECT coalesce(max("id"), 0) AS "up_to" FROM "restore_event" WHERE "account_id" = $1
       )
       UPDATE "email_outbox" o SET "payload" = o."payload" || jsonb_build_object('coversFromEventId', "prev"."from_id", 'coversUpToEventId', "last"."up_to")
       FROM "prev", "last" WHERE o."id" = $2
       RETURNING "prev"."from_id", "last"."up_to"`,
      [row.accountId, row.id],
    );
    from = range?.from_id ?? 0;
    upTo = range?.up_to ?? 0;
  }
  // One round trip: the latest terminal state of each category changed in the range,
  // the account's name, whether its recovery is complete, and a new private link token.
  const link = newAccountLinkToken();
  const categories = await db.driver.query<CategoryRow & { display_name: string; complete: boolean }>(
    `WITH "token" AS (
       INSERT INTO "lookup_token" ("account_id", "token_hash", "expires_at") VALUES ($1, $4, now() + make_interval(days => $5::int))
     )
     SELECT c."label", e."to_state"::text AS "state", e."items_restored", e."items_total", i."title" AS "incident_title",
            a."display_name",
            NOT EXISTS (SELECT 1 FROM "impact" im WHERE im."account_id" = a."id" AND im."state" IN ('pending', 'restoring')) AS "complete"
     FROM (SELECT DISTINCT ON ("category_id") * FROM "restore_event"
           WHERE "account_id" = $1 AND "id" > $2 AND "id" <= $3
           ORDER BY "category_id", "id" DESC) e
     JOIN "data_category" c ON c."id" = e."category_id"
     JOIN "incident" i ON i."id" = c."incident_id"
     JOIN "account" a ON a."id" = e."account_id"
     WHERE e."to_state" IN ('restored', 'partial', 'unrecoverable')
     ORDER BY c."position"`,
    [row.accountId, from, upTo, link.hash, accountLinkLifetimeDays],
  );
  const account = categories[0];
  if (!account) return { subject: row.subject, html: "", text: "", skip: "every change was already reported" };
  const unsubscribeUrl = unsubscribeUrlFor(row);
  const complete = account.complete;
  const accountUrl = link.url;
  const incidentTitle = categories[0]!.incident_title;
  // One rendering per shape (which categories, which states, complete or not); name,
  // counts and links are filled in per recipient.
  const key = JSON.stringify(["restore", incidentTitle, complete, Boolean(unsubscribeUrl), categories.map((c) => [c.label, c.state])]);
  const values: Record<string, string> = { name: account.display_name, url: accountUrl, unsub: unsubscribeUrl ?? "" };
  categories.forEach((c, i) => (values[`c${i}`] = restoreCountText({ state: c.state, itemsRestored: c.items_restored, itemsTotal: c.items_total })));
  const rendered = await renderTemplate(
    key,
    (slot) => (
      <RestoreEmail
        name={slot("name")}
        incidentTitle={incidentTitle}
        categories={categories.map((c, i) => ({ label: c.label, state: c.state, counts: slot(`c${i}`) }))}
        complete={complete}
        accountUrl={slot("url")}
        unsubscribeUrl={unsubscribeUrl ? slot("unsub") : null}
      />
    ),
    values,
  );
  return { subject: restoreSubject({ complete }), ...rendered, unsubscribeUrl };
};
