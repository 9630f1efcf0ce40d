import { Button, Heading, Text } from "@react-email/components";
import { accountLinkLifetimeDays, newAccountLinkToken } from "../account-link";
import { unsubscribeUrlFor } from "../unsubscribe-link";
import { buttonStyle, EmailLayout, EmailLink, headingStyle, renderTemplate, textStyle } from "./layout";
import type { Database } from "../../db";
import type { OutboxRow } from "../outbox-row";
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
  /** `stateLabel`: restoreStateText[state]; `counts`: " (64 of 300 items)" or "" (restoreCountText). */
  categories: { label: string; stateLabel: string; counts: string }[];
  complete: boolean;
  accountUrl: string;
  unsubscribeUrl?: string | null;
}

export const restoreStateText = {
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
  const preview = p.complete ? "Every category of your account has been processed." : p.categories.map((c) => `${c.label}: ${c.stateLabel}`).join(", ");
  return (
    <EmailLayout
      title={restoreSubject(p)}
      preview={preview}
      footer={
        <>
          You receive this email once for each change to your account after the {p.incidentTitle}.
          {p.unsubscribeUrl ? (
            <>
              {" "}To stop incident updates, <EmailLink tone="footer" href={p.unsubscribeUrl}>unsubscribe</EmailLink>; restore notices are still sent once.
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
          • {c.label}: {c.stateLabel}
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

interface RestoreData {
  displayName: string;
  complete: boolean;
  incidentTitle: string;
  accountUrl: string;
  categories: { label: string; state: "restored" | "partial" | "unrecoverable"; itemsRestored: number | null; itemsTotal: number | null }[];
}

const asInt = (v: unknown): number | null => (typeof v === "number" && Number.isInteger(v) ? v : null);

/**
 * Loads what the restore emails of `rows` say, set-based: two statements for any number
 * of rows. The first fixes, for rows sent for the first time, the range of events each
 * reports (after the last event reported by a sent or sending restore email of the
 * account); the second reads the latest terminal state of each category changed in the
 * range, the account's name, whether its recovery is complete, and stores a new private
 * link token per row. A row with nothing left to report is absent from the result.
 */
// Plan note: "id + 0" and "status::text" keep PostgreSQL on the per-account indexes. With
// an id range it may walk the primary key of a table of millions of events, filtering by
// account; ANDing the status index reads every queued row once per account.
export async function loadRestoreData(rows: OutboxRow[], db: Pick<Database, "driver">): Promise<Map<number, RestoreData>> {
  const withAccount = rows.filter((r) => r.accountId != null);
  const ranges = new Map<number, { from: number; upTo: number }>();
  const unset: OutboxRow[] = [];
  for (const r of withAccount) {
    const from = asInt(r.payload.coversFromEventId);
    const upTo = asInt(r.payload.coversUpToEventId);
    if (from == null || upTo == null) unset.push(r);
    else ranges.set(r.id, { from, upTo });
  }
  if (unset.length > 0) {
    const fixed = await db.driver.query<{ id: number; from_id: number; up_to: number }>(
      `WITH "r" AS (SELECT * FROM unnest($1::int[], $2::int[]) AS t("id", "account_id")),
       "range" AS (
         SELECT r."id",
                coalesce((SELECT max((o."payload"->>'coversUpToEventId')::int) FROM "email_outbox" o
                           WHERE o."account_id" = r."account_id" AND o."kind" = 'restore' AND o."id" <> r."id"
                             AND o."status"::text IN ('sent', 'sending') AND o."payload" ? 'coversUpToEventId'), 0) AS "from_id",
                -- The newest event of the whole table bounds every row's range: one index
                -- read for the batch instead of a read of each account's history.
                (SELECT coalesce(max("id"), 0) FROM "restore_event") AS "up_to"
         FROM "r"
       )
       UPDATE "email_outbox" o SET "payload" = o."payload" || jsonb_build_object('coversFromEventId', g."from_id", 'coversUpToEventId', g."up_to")
       -- "id" = ANY: reach the outbox through its primary key whatever its statistics say
       -- (lib/outbox/outbox-sql.ts).
       FROM "range" g WHERE o."id" = g."id" AND o."id" = ANY($1::int[])
       RETURNING g."id", g."from_id", g."up_to"`,
      [unset.map((r) => r.id), unset.map((r) => r.accountId)],
    );
    for (const f of fixed) ranges.set(f.id, { from: f.from_id, upTo: f.up_to });
  }
  const targets = withAccount.filter((r) => ranges.has(r.id));
  if (targets.length === 0) return new Map();
  const links = targets.map(() => newAccountLinkToken());
  const found = await db.driver.query<{
    id: number; label: string; state: RestoreData["categories"][number]["state"]; items_restored: number | null; items_total: number | null;
    incident_title: string; display_name: string; complete: boolean;
  }>(
    `WITH "r" AS (SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[]) AS t("id", "account_id", "from_id", "up_to", "token_hash")),
     "token" AS (
       INSERT INTO "lookup_token" ("account_id", "token_hash", "expires_at")
       SELECT "account_id", "token_hash", now() + make_interval(days => $6::int) FROM "r"
     )
     SELECT r."id", c."label", e."to_state"::text AS "state", e."items_restored", e."items_total", i."title" AS "incident_title",
            a."display_name",
            NOT EXISTS (SELECT 1 FROM "impact" im WHERE im."account_id" = a."id" AND im."state" IN ('pending', 'restoring')) AS "complete"
     FROM "r"
     CROSS JOIN LATERAL (SELECT DISTINCT ON (ev."category_id") ev.* FROM "restore_event" ev
                         WHERE ev."account_id" = r."account_id" AND ev."id" + 0 > r."from_id" AND ev."id" + 0 <= r."up_to"
                         ORDER BY ev."category_id", ev."id" DESC) e
     JOIN "data_category" c ON c."id" = e."category_id"
     JOIN "incident" i ON i."id" = c."incident_id"
     JOIN "account" a ON a."id" = r."account_id"
     WHERE e."to_state" IN ('restored', 'partial', 'unrecoverable')
     ORDER BY r."id", c."position"`,
    [
      targets.map((r) => r.id),
      targets.map((r) => r.accountId),
      targets.map((r) => ranges.get(r.id)!.from),
      targets.map((r) => ranges.get(r.id)!.upTo),
      links.map((l) => l.hash),
      accountLinkLifetimeDays(),
    ],
  );
  const urls = new Map(targets.map((r, i) => [r.id, links[i]!.url]));
  const result = new Map<number, RestoreData>();
  for (const f of found) {
    let data = result.get(f.id);
    if (!data) {
      data = { displayName: f.display_name, complete: f.complete, incidentTitle: f.incident_title, accountUrl: urls.get(f.id)!, categories: [] };
      result.set(f.id, data);
    }
    data.categories.push({ label: f.label, state: f.state, itemsRestored: f.items_restored, itemsTotal: f.items_total });
  }
  return result;
}

/**
 * The worker claims rows in batches: it calls this once per batch so that rendering
 * each row needs no query of its own. Entries are keyed by row id and attempt.
 */
const prefetched = new Map<string, RestoreData | null>();
const prefetchKey = (row: OutboxRow) => `${row.id}:${row.attempts}`;

export async function prefetchRestoreEmails(rows: OutboxRow[], db: Pick<Database, "driver">): Promise<void> {
  const data = await loadRestoreData(rows, db);
  while (prefetched.size > 20_000) prefetched.delete(prefetched.keys().next().value!);
  for (const r of rows) prefetched.set(prefetchKey(r), data.get(r.id) ?? null);
}

export const renderRestoreEmail: EmailRenderer = async (row, db) => {
  if (row.accountId == null) throw new RenderError("restore email without an account");
  const key = prefetchKey(row);
  let data = prefetched.get(key);
  prefetched.delete(key);
  if (data === undefined) data = (await loadRestoreData([row], db)).get(row.id) ?? null;
  if (!data) return { subject: row.subject, html: "", text: "", skip: "every change was already reported" };
  const unsubscribeUrl = unsubscribeUrlFor(row);
  const { complete, incidentTitle, categories } = data;
  // One rendering per shape (number of categories, complete or not); labels, states,
  // name, counts and links are filled in per recipient, so a batch of accounts whose
  // histories differ still renders a handful of times.
  const shape = JSON.stringify(["restore", incidentTitle, complete, Boolean(unsubscribeUrl), categories.length]);
  const values: Record<string, string> = { name: data.displayName, url: data.accountUrl, unsub: unsubscribeUrl ?? "" };
  categories.forEach((c, i) => {
    values[`l${i}`] = c.label;
    values[`s${i}`] = restoreStateText[c.state];
    values[`c${i}`] = restoreCountText(c);
  });
  const rendered = await renderTemplate(
    shape,
    (slot) => (
      <RestoreEmail
        name={slot("name")}
        incidentTitle={incidentTitle}
        categories={categories.map((_c, i) => ({ label: slot(`l${i}`), stateLabel: slot(`s${i}`), counts: slot(`c${i}`) }))}
        complete={complete}
        accountUrl={slot("url")}
        unsubscribeUrl={unsubscribeUrl ? slot("unsub") : null}
      />
    ),
    values,
  );
  return { subject: restoreSubject({ complete }), ...rendered, unsubscribeUrl };
};
