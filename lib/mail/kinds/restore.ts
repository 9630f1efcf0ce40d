import type { Database } from "../../db";
import { categoryLabel } from "../../i18n/category-label";
import { inProgressStates, sqlStateList, terminalStates } from "../../restores/impact-states";
import { accountLinkLifetimeDays, newAccountLinkTokens } from "../account-link";
import { emailLocale } from "../email-locale";
import type { OutboxRow } from "../outbox-row";
import { restoreCoverageSetSql } from "../restore-coverage";
import { renderRestoreEmail, type RestoreEmailData } from "../templates/restore";
import { unsubscribeUrlFor } from "../unsubscribe-link";
import type { Draft, MailKind } from "./types";

/**
 * Restore emails, prepared when they are sent: each reports every terminal restore event
 * of its account not reported by an earlier restore email, with a fresh private link.
 * Its coverage (event ids in (coversFromEventId, coversUpToEventId]) is written to the
 * payload before the first send, so a retry or a resend says exactly the same thing and
 * a later email starts where this one stopped.
 */
type LoadedRestore = Omit<RestoreEmailData, "unsubscribeUrl">;

const asInt = (v: unknown): number | null => (typeof v === "number" && Number.isInteger(v) ? v : null);

/**
 * One statement for any number of rows (two for a row whose claim did not fix its
 * coverage, lib/mail/restore-coverage.ts): it reads the latest terminal state of each
 * category changed in the row's range of events, the account's name, whether its recovery
 * is complete, and stores a new private link token per row. A row with nothing left to
 * report is absent from the result.
 */
// Plan note: "id + 0" and "status::text" keep PostgreSQL on the per-account indexes. With
// an id range it may walk the primary key of a table of millions of events, filtering by
// account; ANDing the status index reads every queued row once per account.
export async function loadRestoreData(rows: OutboxRow[], db: Pick<Database, "driver">): Promise<Map<number, LoadedRestore>> {
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
    // The claim fixes the coverage (emailOutbox.claimExtraSet); this is for a row claimed
    // without it. "id" = ANY: through the primary key whatever the statistics say (lib/outbox/outbox-sql.ts).
    const fixed = await db.driver.query<{ id: number; from_id: number; up_to: number }>(
      `UPDATE "email_outbox" SET ${restoreCoverageSetSql} WHERE "id" = ANY($1::int[])
       RETURNING "id", ("payload"->>'coversFromEventId')::int AS "from_id", ("payload"->>'coversUpToEventId')::int AS "up_to"`,
      [unset.map((r) => r.id)],
    );
    for (const f of fixed) ranges.set(f.id, { from: f.from_id, upTo: f.up_to });
  }
  const targets = withAccount.filter((r) => ranges.has(r.id));
  if (targets.length === 0) return new Map();
  const links = newAccountLinkTokens(targets.length);
  const found = await db.driver.query<{
    id: number; key: string; label: string; label_own: string | null; state: LoadedRestore["categories"][number]["state"]; items_restored: number | null; items_total: number | null;
    incident_title: string; display_name: string; complete: boolean; locale: string; default_locale: string;
  }>(
    `WITH "r" AS (SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[]) AS t("id", "account_id", "from_id", "up_to", "token_hash")),
     "token" AS (
       INSERT INTO "lookup_token" ("account_id", "token_hash", "expires_at")
       SELECT "account_id", "token_hash", now() + make_interval(days => $6::int) FROM "r"
     ),
     -- Once per email (not per category it lists): the account and whether its recovery is complete.
     "ra" AS MATERIALIZED (
       SELECT r."id", r."account_id", r."from_id", r."up_to", a."display_name", a."locale",
              NOT EXISTS (SELECT 1 FROM "impact" im WHERE im."account_id" = r."account_id" AND im."state" IN ${sqlStateList(inProgressStates)}) AS "complete"
       FROM "r" JOIN "account" a ON a."id" = r."account_id"
     )
     SELECT ra."id", c."key", c."label", ct."label" AS "label_own", e."to_state"::text AS "state", e."items_restored", e."items_total",
            coalesce(it."title", i."title") AS "incident_title", ra."display_name", ra."locale", i."default_locale", ra."complete"
     FROM "ra"
     CROSS JOIN LATERAL (SELECT DISTINCT ON (ev."category_id") ev."category_id", ev."to_state", ev."items_restored", ev."items_total" FROM "restore_event" ev
                         WHERE ev."account_id" = ra."account_id" AND ev."id" + 0 > ra."from_id" AND ev."id" + 0 <= ra."up_to"
                         ORDER BY ev."category_id", ev."id" DESC) e
     JOIN "data_category" c ON c."id" = e."category_id"
     JOIN "incident" i ON i."id" = c."incident_id"
     -- The incident's title in the account's language, when translated (docs/decisions/043).
     LEFT JOIN "incident_translation" it ON it."incident_id" = i."id" AND it."locale" = ra."locale"
     LEFT JOIN "data_category_translation" ct ON ct."category_id" = c."id" AND ct."locale" = ra."locale"
     WHERE e."to_state" IN ${sqlStateList(terminalStates)}
     ORDER BY ra."id", c."position"`,
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
  const result = new Map<number, LoadedRestore>();
  for (const f of found) {
    let data = result.get(f.id);
    if (!data) {
      data = { locale: emailLocale(f.locale, f.default_locale), displayName: f.display_name, complete: f.complete, incidentTitle: f.incident_title, accountUrl: urls.get(f.id)!, categories: [] };
      result.set(f.id, data);
    }
    const label = categoryLabel({ key: f.key, label: f.label, translations: f.label_own === null ? undefined : { [f.locale]: f.label_own } }, f.default_locale, data.locale);
    data.categories.push({ label, state: f.state, itemsRestored: f.items_restored, itemsTotal: f.items_total });
  }
  await announceRemedies(db, targets.filter((r) => result.has(r.id)), result);
  return result;
}

/**
 * Remedies are announced once, in the restore email that goes out after the account
 * qualifies: every qualifying eligibility row not yet announced is given to this email
 * (announced_email_id, announced_at: the record that it was told), and a retry or resend
 * of this email finds the rows it announced before and says the same. One statement for
 * the batch.
 */
async function announceRemedies(db: Pick<Database, "driver">, rows: OutboxRow[], result: Map<number, LoadedRestore>): Promise<void> {
  if (rows.length === 0) return;
  const announced = await db.driver.query<{ email_id: number; name: string; offer: string }>(
    `WITH "r" AS (SELECT * FROM unnest($1::int[], $2::int[]) AS t("id", "account_id")),
     "fresh" AS (
       UPDATE "remedy_eligibility" e SET "announced_email_id" = r."id", "announced_at" = now()
       FROM "r" WHERE e."account_id" = r."account_id" AND e."qualifies" AND e."announced_email_id" IS NULL
         AND e."announced_at" IS NULL
       RETURNING e."rule_id", r."id" AS "email_id"
     ), "all" AS (
       SELECT "rule_id", "email_id" FROM "fresh"
       UNION ALL
       -- This statement does not see its own update: these are the rows an earlier try of the same email announced.
       SELECT e."rule_id", e."announced_email_id" FROM "remedy_eligibility" e WHERE e."announced_email_id" = ANY($1::int[])
     )
     -- The remedy's name and offer in the account's language when written in it (docs/decisions/043).
     SELECT x."email_id", coalesce(rt."name", ru."name") AS "name", coalesce(rt."offer", ru."offer") AS "offer"
     FROM "all" x
     JOIN "remedy_rule" ru ON ru."id" = x."rule_id"
     JOIN "incident" i ON i."id" = ru."incident_id" AND i."published_at" IS NOT NULL
     JOIN "r" ON r."id" = x."email_id"
     JOIN "account" a ON a."id" = r."account_id"
     LEFT JOIN "remedy_rule_translation" rt ON rt."rule_id" = ru."id" AND rt."locale" = a."locale"
     ORDER BY x."email_id", ru."id"`,
    [rows.map((r) => r.id), rows.map((r) => r.accountId)],
  );
  for (const a of announced) {
    const data = result.get(a.email_id);
    if (data) (data.remedies ??= []).push({ name: a.name, offer: a.offer });
  }
}

export const restoreKind: MailKind = {
  async prepare(rows, db) {
    const data = await loadRestoreData(rows, db);
    const drafts = new Map<number, Draft>();
    for (const row of rows) {
      if (row.accountId == null) {
        drafts.set(row.id, { park: "restore email without an account" });
        continue;
      }
      const d = data.get(row.id);
      if (!d) drafts.set(row.id, { skip: "every change was already reported" });
      else drafts.set(row.id, { email: () => renderRestoreEmail({ ...d, unsubscribeUrl: unsubscribeUrlFor(row) }) });
    }
    return drafts;
  },
};
