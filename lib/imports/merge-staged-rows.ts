import type { Actor } from "../audit/record-audit";
import type { Tx } from "../db";
import type { ImpactState } from "../generated/prisma/enums";
import { applyStateChanges, type StateChange } from "../restores/apply-state-changes";
import { stageTableName } from "./stage-import-rows";
import { queueRestoreEmailsSql } from "../restores/restore-email-sql";
import { refreshEligibilityForAccounts } from "../remedies/refresh-remedy-eligibility";

/**
 * Moves one slice of the staging table (seq in [from, to)) into the real tables, inside
 * the caller's transaction, set-based:
 *  1. accounts: INSERT ... SELECT ... ON CONFLICT (external_ref) DO UPDATE, only where
 *     email, name or locale really differ (so a re-import writes nothing);
 *  2. in one statement, impacts the account does not have yet are inserted in the
 *     row's state, with one restore event (from none) when that state is not pending
 *     and a restore email for terminal states by the same rule and dedupe key as
 *     applyStateChanges; impacts that exist and differ from their row are returned;
 *  3. those go through applyStateChanges, the one path every state change takes
 *     (events, aggregates, coalesced emails, remedy eligibility);
 *  4. the accounts that got new impacts have their remedy eligibility brought up to
 *     date (one statement, only when the incident has remedy rules).
 */
export interface MergeSummary {
  accountsCreated: number;
  accountsUpdated: number;
  impactsCreated: number;
  statesChanged: number;
  events: number;
  emailsQueued: number;
}

export const emptyMergeSummary = (): MergeSummary => ({
  accountsCreated: 0,
  accountsUpdated: 0,
  impactsCreated: 0,
  statesChanged: 0,
  events: 0,
  emailsQueued: 0,
});

const stateChangeBatch = 20_000;

export async function mergeStagedRows(
  tx: Tx,
  input: { jobId: string; incidentId: string; from: number; to: number; actor: Actor; note: string; coalesceSeconds: number },
): Promise<MergeSummary> {
  const table = `"${stageTableName(input.jobId)}"`;
  const { from, to } = input;

  const [accounts] = await tx.$queryRawUnsafe<{ created: number; updated: number }[]>(
    `WITH "up" AS (
       INSERT INTO "account" AS a ("external_ref", "email", "display_name", "locale", "updated_at")
       SELECT DISTINCT ON ("account_ref") "account_ref", "email", "display_name", "locale", now()
       FROM ${table} WHERE "seq" >= $1 AND "seq" < $2
       ORDER BY "account_ref"
       ON CONFLICT ("external_ref") DO UPDATE
         SET "email" = EXCLUDED."email", "display_name" = EXCLUDED."display_name", "locale" = EXCLUDED."locale", "updated_at" = now()
         WHERE (a."email", a."display_name", a."locale") IS DISTINCT FROM (EXCLUDED."email", EXCLUDED."display_name", EXCLUDED."locale")
       RETURNING (xmax = 0) AS "inserted"
     )
     SELECT (count(*) FILTER (WHERE "inserted"))::int AS "created", (count(*) FILTER (WHERE NOT "inserted"))::int AS "updated" FROM "up"`,
    from,
    to,
  );

  // One pass over the slice: new impacts are inserted (with their event and email);
  // the rows that met an existing impact (ON CONFLICT) and differ from it come back for
  // applyStateChanges. The statement's snapshot does not see its own inserts, so the
  // join to "impact" below only finds impacts that existed before it.
  const rows = await tx.$queryRawUnsafe<
    {
      account_id: number | null;
      category_id: number | null;
      state: ImpactState | null;
      items_total: number | null;
      items_restored: number | null;
      impacts: number;
      events: number;
      emails: number;
      accounts: number[] | null;
    }[]
  >(
    `WITH "src" AS MATERIALIZED (
       SELECT a."id" AS "account_id", s."category_id", s."state", s."items_total", s."items_restored"
       FROM ${table} s
       JOIN "account" a ON a."external_ref" = s."account_ref"
       WHERE s."seq" >= $1 AND s."seq" < $2
     ), "ins" AS (
       INSERT INTO "impact" ("incident_id", "account_id", "category_id", "state", "items_total", "items_restored", "updated_at")
       SELECT $3::uuid, "account_id", "category_id", "state"::"ImpactState", coalesce("items_total", 0),
              coalesce("items_restored", CASE WHEN "state" = 'restored' THEN coalesce("items_total", 0) ELSE 0 END), now()
       FROM "src"
       ON CONFLICT ("account_id", "category_id") DO NOTHING
       RETURNING "account_id", "category_id", "state", "items_total", "items_restored"
     ), "events" AS (
       INSERT INTO "restore_event" ("account_id", "category_id", "from_state", "to_state", "items_total", "items_restored", "actor_type", "actor_id", "note")
       SELECT "account_id", "category_id", NULL, "state", "items_total", "items_restored", $4::"ActorType", $5, $6
       FROM "ins" WHERE "state" <> 'pending'
       RETURNING "id", "account_id", "to_state"
     ), "emails" AS (
       ${queueRestoreEmailsSql("$7")}
     ), "conflicts" AS MATERIALIZED (
       -- Rows that met an existing impact. The count comparison is a one-time gate: a
       -- first import (no conflicts) skips this, and the join below probes the impact
       -- index only for these rows (a hash join over the whole impact table, which the
       -- planner picks on the statistics from before the import, made the merge
       -- quadratic in the file size).
       SELECT s.* FROM "src" s
       WHERE (SELECT count(*) FROM "ins") < (SELECT count(*) FROM "src")
         AND NOT EXISTS (SELECT 1 FROM "ins" i WHERE i."account_id" = s."account_id" AND i."category_id" = s."category_id")
     )
     SELECT NULL::int AS "account_id", NULL::int AS "category_id", NULL AS "state", NULL::int AS "items_total", NULL::int AS "items_restored",
            (SELECT count(*)::int FROM "ins") AS "impacts", (SELECT count(*)::int FROM "events") AS "events",
            (SELECT count(*)::int FROM "emails") AS "emails",
            -- Only an incident with remedy rules needs the accounts back (a 1,000,000-row import usually has none yet).
            CASE WHEN EXISTS (SELECT 1 FROM "remedy_rule" r WHERE r."incident_id" = $3::uuid)
                 THEN (SELECT array_agg(DISTINCT "account_id") FROM "ins") END AS "accounts"
     UNION ALL
     SELECT s."account_id", s."category_id", s."state", s."items_total", s."items_restored", 0, 0, 0, NULL
     FROM "conflicts" s
     CROSS JOIN LATERAL (
       SELECT im."state", im."items_total", im."items_restored" FROM "impact" im
       WHERE im."account_id" = s."account_id" AND im."category_id" = s."category_id"
       LIMIT 1
     ) im
     WHERE (im."state"::text <> s."state"
            OR (s."items_total" IS NOT NULL AND s."items_total" <> im."items_total")
            OR (s."items_restored" IS NOT NULL AND s."items_restored" <> im."items_restored"))`,
    from,
    to,
    input.incidentId,
    input.actor.type,
    input.actor.id,
    input.note,
    input.coalesceSeconds,
  );
  const counts = rows.find((r) => r.account_id === null);
  const summary: MergeSummary = {
    accountsCreated: accounts?.created ?? 0,
    accountsUpdated: accounts?.updated ?? 0,
    impactsCreated: counts?.impacts ?? 0,
    statesChanged: 0,
    events: counts?.events ?? 0,
    emailsQueued: counts?.emails ?? 0,
  };
  if (counts?.accounts?.length) await refreshEligibilityForAccounts(tx, { accountIds: counts.accounts, incidentIds: [input.incidentId] });
  const changes: StateChange[] = [];
  for (const r of rows) {
    if (r.account_id === null || r.category_id === null || r.state === null) continue;
    changes.push({
      accountId: r.account_id,
      categoryId: r.category_id,
      toState: r.state,
      itemsTotal: r.items_total,
      itemsRestored: r.items_restored,
      note: input.note,
    });
  }
  for (let i = 0; i < changes.length; i += stateChangeBatch) {
    const result = await applyStateChanges(tx, changes.slice(i, i + stateChangeBatch), input.actor, { coalesceSeconds: input.coalesceSeconds });
    summary.statesChanged += result.applied;
    summary.events += result.applied;
    summary.emailsQueued += result.emailsQueued;
  }
  return summary;
}
