import { env } from "../env";
import type { Actor } from "../audit/record-audit";
import type { SqlClient } from "../db";
import { AppError } from "../errors";
import type { ImpactState } from "../generated/prisma/enums";
import { nothingRestoredStates, sqlStateList } from "./impact-states";
import { queueRestoreEmailsSql } from "./restore-email-sql";
import { queueRestoreWebhooksSql } from "../webhooks/restore-webhooks-sql";
import { refreshEligibilityForAccounts } from "../remedies/refresh-remedy-eligibility";

/**
 * The one path by which an impact changes state: staff edits, CSV imports, bulk changes
 * and the pipeline API all call this. Set-based: one statement per call, whatever its
 * size. Call it inside a transaction (the caller also writes its audit entry there).
 *
 * In one statement it
 *  - appends one restore event per item that really changes its impact, unless the
 *    item's idempotency key was applied before (a replay changes nothing),
 *  - updates the impact rows whose event went in (the aggregate triggers follow),
 *  - queues a restore email for each account that reached a terminal state, unless
 *    that account already has a restore email waiting in the outbox: changes within the
 *    coalescing window (MAIL_COALESCE_SECONDS) then ride on that one email, which is
 *    rendered when it is sent from every terminal event not yet reported,
 *  - queues the webhooks of the change (restores.batch_applied, account.restored) for
 *    the endpoints that subscribe to them (lib/webhooks/restore-webhooks-sql.ts).
 * Then, when the incidents concerned have remedy rules, one more statement brings the
 * changed accounts' remedy eligibility up to date (lib/remedies/refresh-remedy-eligibility.ts;
 * it must read the impacts after the update, which the first statement cannot).
 *
 * previewStateChanges classifies the same items by the same SQL without writing: what a
 * dry run shows is what applyStateChanges would do.
 *
 * Over 300 lines on purpose: the checks, the item parameters, the classifying CTEs and the
 * three writings of the one statement (guarded, plain, optimistic) are read together when
 * the statement changes, and apply and preview must share them; split across files, the
 * statement's parameter numbers ($1..$12) would be defined in one place and used in another.
 */

/**
 * The account is named by its id (staff paths) or by its external reference (the
 * pipeline API: resolving refs inside the statement saves a round trip and a second
 * pass over the account index). One call names every account the same way.
 */
export type StateChange = ({ accountId: number; accountRef?: never } | { accountRef: string; accountId?: never }) & {
  categoryId: number;
  toState: ImpactState;
  itemsRestored?: number | null;
  itemsTotal?: number | null;
  /** From the pipeline: the same key twice applies once. */
  idempotencyKey?: string | null;
  note?: string | null;
};

/** not_found: the account has no impact in that category; unknown_account: no account has that reference. */
export type ChangeOutcome = "applied" | "unchanged" | "duplicate" | "not_found" | "unknown_account";

export interface ApplyResult {
  outcomes: ChangeOutcome[];
  applied: number;
  emailsQueued: number;
}

export interface ApplyOptions {
  coalesceSeconds?: number;
  /**
   * "guard" (default): an item whose key was applied before is reported as a duplicate,
   * through an ON CONFLICT arbiter on the key (a probe per row). "throw": the optimistic
   * try, for a caller that can run its transaction again: no arbiter, and the impacts are
   * updated by the row version the statement read (ctid), not found again by their key.
   * An item whose key was applied before (a key applied before whose impact now differs
   * again, or a concurrent replay: rare for a fresh batch), or an impact that a concurrent
   * transaction deleted or moved before the update reached it, fails the call with
   * RetryGuardedError, which aborts the caller's transaction: the caller runs it again
   * with "guard". The pipeline API does this (docs/decisions/010).
   */
  keyConflicts?: "guard" | "throw";
  /**
   * The caller has already refused what checkBatch refuses (the pipeline API rejects such
   * items one by one, and names every account by reference): the items are not checked
   * again (~10 ms per 10,000). Mixed naming is still refused.
   */
  itemsChecked?: boolean;
}

/** The optimistic try (keyConflicts: "throw") met a key applied before or an impact changed under it. */
export class RetryGuardedError extends Error {
  constructor(reason: "key" | "impact") {
    super(
      reason === "key"
        ? `An item's idempotency key was applied before: run the transaction again with keyConflicts: "guard".`
        : `An impact changed between the statement's read and its update: run the transaction again with keyConflicts: "guard".`,
    );
    this.name = "RetryGuardedError";
  }
}

/**
 * Refuses a batch that names accounts both ways, names one account and category or one
 * key twice, or restores more items than it totals. Returns whether accounts are named
 * by reference.
 */
function checkBatch(changes: StateChange[], itemsChecked = false): boolean {
  const byRef = changes[0]!.accountRef !== undefined;
  if (itemsChecked) {
    const index = changes.findIndex((c) => (c.accountRef !== undefined) !== byRef);
    if (index >= 0) throw new AppError("VALIDATION", `Item ${index} names its account differently from item 0: name every account by id, or every one by reference.`, { index });
    return byRef;
  }
  const seenPairs = new Set<string>();
  const seenKeys = new Set<string>();
  changes.forEach((c, index) => {
    if ((c.accountRef !== undefined) !== byRef) {
      throw new AppError("VALIDATION", `Item ${index} names its account differently from item 0: name every account by id, or every one by reference.`, { index });
    }
    const pair = `${c.accountId ?? c.accountRef}:${c.categoryId}`;
    if (seenPairs.has(pair)) {
      throw new AppError("VALIDATION", `Item ${index} changes the same account and category as an earlier item in this batch.`, { index });
    }
    seenPairs.add(pair);
    if (c.idempotencyKey) {
      if (seenKeys.has(c.idempotencyKey)) {
        throw new AppError("VALIDATION", `Item ${index} repeats the key "${c.idempotencyKey}" of an earlier item in this batch.`, { index });
      }
      seenKeys.add(c.idempotencyKey);
    }
    if (c.itemsRestored != null && c.itemsTotal != null && c.itemsRestored > c.itemsTotal) {
      throw new AppError("VALIDATION", `Item ${index}: itemsRestored (${c.itemsRestored}) is more than itemsTotal (${c.itemsTotal}).`, { index });
    }
  });
  return byRef;
}

/** The items as the parameters $1..$8 of classifySql. */
function itemParams(changes: StateChange[]): unknown[] {
  // Columns whose every value is null are sent as empty arrays: unnest pads the shorter
  // arrays with nulls, and PostgreSQL has less to parse.
  const column = <T>(pick: (c: StateChange) => T | null | undefined): (T | null)[] => {
    const values = changes.map((c) => pick(c) ?? null);
    return values.some((v) => v !== null) ? values : [];
  };
  return [
    column((c) => c.accountId),
    changes.map((c) => c.categoryId),
    changes.map((c) => c.toState),
    column((c) => c.itemsRestored),
    column((c) => c.itemsTotal),
    column((c) => c.idempotencyKey),
    column((c) => c.note),
    column((c) => c.accountRef),
  ];
}

const differs = `(b."state", b."items_total", b."items_restored") IS DISTINCT FROM (b."new_state", b."new_total", b."new_restored")`;

/**
 * The CTEs that decide each item's fate: "before" (one row per item: the impact it names,
 * if any, its row version "row" (ctid), the account's address when accounts are named by
 * reference, and the values it would set) and "changed" (those whose values differ; with
 * `eventIds`, each with the id its restore event will have, drawn from the event
 * sequence here, so that what follows the insert needs none of its RETURNING rows). The
 * caller appends its own CTEs and final SELECT.
 */
const classifySql = (byRef: boolean, eventIds = false) => `"items" AS (
       SELECT * FROM unnest($1::int[], $8::text[], $2::int[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[])
         WITH ORDINALITY AS t("account_id", "account_ref", "category_id", "to_state", "items_restored", "items_total", "idempotency_key", "note", "ord")
     ), "before" AS (
       SELECT i."ord", im."id", im."row", ${byRef ? `a."id"` : `i."account_id"`} AS "account_id", ${byRef ? `a."email"` : `NULL::text`} AS "email", i."category_id",
              im."state", im."items_total", im."items_restored",
              i."to_state"::"ImpactState" AS "new_state",
              coalesce(i."items_total", im."items_total") AS "new_total",
              coalesce(i."items_restored",
                       CASE WHEN i."to_state" = 'restored' THEN coalesce(i."items_total", im."items_total")
                            WHEN i."to_state" IN ${sqlStateList(nothingRestoredStates)} THEN 0
                            ELSE im."items_restored" END) AS "new_restored",
              i."idempotency_key", i."note"
       FROM "items" i
       -- LATERAL probes (LIMIT 1: the keys are unique; it keeps PostgreSQL from flattening
       -- them back into joins). The account by its reference: as a join, once the account
       -- table has statistics, 10,000 items of 1,000,000 accounts got a hash join over a
       -- sequential scan of all of them (450 ms against 40 ms of index probes). The impact
       -- by both columns of its (account_id, category_id) key: as a plain LEFT JOIN it
       -- probed by account only and filtered the account's impacts by category, twice the
       -- index pages per item (docs/decisions/010).
       -- The account's address comes with its probe (the index scan reads its row anyway).
       ${byRef ? `LEFT JOIN LATERAL (SELECT a."id", a."email" FROM "account" a WHERE a."external_ref" = i."account_ref" LIMIT 1) a ON true` : ""}
       LEFT JOIN LATERAL (
         SELECT im."id", im."ctid" AS "row", im."state", im."items_total", im."items_restored" FROM "impact" im
         WHERE im."account_id" = ${byRef ? `a."id"` : `i."account_id"`} AND im."category_id" = i."category_id"
         LIMIT 1
       ) im ON true
     ), "changed" AS (
       SELECT *${eventIds ? `, nextval('"restore_event_id_seq"') AS "event_id"` : ""} FROM "before" b WHERE b."id" IS NOT NULL AND ${differs}
     )`;

/** The outcome of an item of "before" b that cannot apply, or 'changes' when it would (its key, if any, never applied). */
const outcomeSql = `CASE WHEN b."account_id" IS NULL THEN 'unknown_account'
                 WHEN b."id" IS NULL THEN 'not_found'
                 -- The statement's snapshot does not see its own events: this finds earlier ones.
                 WHEN b."idempotency_key" IS NOT NULL
                      AND EXISTS (SELECT 1 FROM "restore_event" e WHERE e."idempotency_key" = b."idempotency_key") THEN 'duplicate'
                 WHEN ${differs} THEN 'changes'
                 ELSE 'unchanged' END`;

export async function applyStateChanges(
  tx: SqlClient,
  changes: StateChange[],
  actor: Actor,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (changes.length === 0) return { outcomes: [], applied: 0, emailsQueued: 0 };
  const byRef = checkBatch(changes);
  const coalesceSeconds = options.coalesceSeconds ?? env().MAIL_COALESCE_SECONDS;
  type Row = { ord: bigint | number; outcome: ChangeOutcome | "summary"; emails: number; applied: number; accounts: number[] | null };
  // Three writings of one statement (see ApplyOptions): "guarded" (keys, ON CONFLICT),
  // "plain" (no keys: nothing can conflict) and "optimistic" (keyConflicts: "throw").
  const mode = options.keyConflicts === "throw" ? "optimistic" : changes.some((c) => c.idempotencyKey) ? "guarded" : "plain";
  const optimistic = mode === "optimistic";
  const statement = `WITH ${classifySql(byRef, optimistic)}, "events" AS (
       -- The event goes in first: a key applied before stops it here (ON CONFLICT), and
       -- only the impacts whose event went in are updated. No separate replay lookup.
       -- Optimistic, a key applied before fails the statement instead (unique violation),
       -- so every changed item's event goes in, with the id drawn for it in "changed".
       INSERT INTO "restore_event" (${optimistic ? `"id", ` : ""}"account_id", "category_id", "from_state", "to_state", "items_total", "items_restored", "actor_type", "actor_id", "note", "idempotency_key")
       SELECT ${optimistic ? `c."event_id", ` : ""}c."account_id", c."category_id", c."state", c."new_state", c."new_total", c."new_restored", $9::"ActorType", $10, c."note", c."idempotency_key"
       FROM "changed" c
       ${mode === "guarded" ? `ON CONFLICT ("idempotency_key") DO NOTHING` : ""}
       RETURNING "id", "account_id", "category_id", "to_state", "items_total", "items_restored"
     ), "updated" AS (
       ${
         optimistic
           ? // The row version "before" read (a TID scan: one page, not a second descent of
             // the (account_id, category_id) index per item). An impact that a concurrent
             // transaction deleted or moved first is not updated: the count below says so.
             `UPDATE "impact" im SET "state" = c."new_state", "items_total" = c."new_total", "items_restored" = c."new_restored", "updated_at" = now()
       FROM "changed" c WHERE im."ctid" = c."row"`
           : `UPDATE "impact" im SET "state" = e."to_state", "items_total" = e."items_total", "items_restored" = e."items_restored", "updated_at" = now()
       FROM "events" e WHERE im."account_id" = e."account_id" AND im."category_id" = e."category_id"`
       }
       RETURNING im."id"
     ), "emails" AS (
       ${
         // Optimistic, the emails follow the changed items (their event ids drawn, and by
         // reference their accounts' addresses read by the probe): no second account probe.
         optimistic
           ? queueRestoreEmailsSql("$11", { cte: "changed", id: "event_id", state: "new_state", ...(byRef ? { email: "email" } : {}) })
           : queueRestoreEmailsSql("$11")
       }
     ), ${queueRestoreWebhooksSql(`$9::"ActorType"`)}
     -- Applied is the rule; only the exceptions come back, one row each, after a summary.
     SELECT 0::bigint AS "ord", 'summary' AS "outcome", (SELECT count(*)::int FROM "emails") AS "emails", (SELECT count(*)::int FROM "updated") AS "applied",
            -- The changed accounts, only when the incidents concerned have remedy rules (no round trip otherwise).
            CASE WHEN EXISTS (SELECT 1 FROM "remedy_rule" r JOIN "data_category" k ON k."incident_id" = r."incident_id" WHERE k."id" = ANY($12::int[]))
                 THEN (SELECT array_agg(DISTINCT e."account_id") FROM "events" e) END AS "accounts"
     UNION ALL
     ${
       // Unguarded, every changed item's event went in (or the statement failed): no
       // anti join of changed against events (two sorts of the chunk) to find none.
       mode === "guarded"
         ? `SELECT c."ord", 'duplicate', 0, 0, NULL FROM "changed" c
       WHERE NOT EXISTS (SELECT 1 FROM "events" e WHERE e."account_id" = c."account_id" AND e."category_id" = c."category_id")
     UNION ALL`
         : ""
     }
     SELECT b."ord", ${outcomeSql}, 0, 0, NULL
     FROM "before" b
     WHERE b."id" IS NULL OR NOT ${differs}`;
  // $12: the categories once each (the remedy rule probe), not the 10,000-element $2.
  const categoryIds = [...new Set(changes.map((c) => c.categoryId))];
  const params = [...itemParams(changes), actor.type, actor.id, coalesceSeconds, categoryIds];
  let rows: Row[];
  try {
    rows = await tx.$queryRawUnsafe<Row[]>(statement, ...params);
  } catch (error) {
    if (isKeyConflict(error)) throw new RetryGuardedError("key");
    throw error;
  }

  // Every item applied but the ones named in the result. A changed item whose event did
  // not go in met its key already applied (a replay, or a concurrent one): a duplicate.
  const outcomes = changes.map((): ChangeOutcome => "applied");
  let summary = { emails: 0, applied: 0, accounts: [] as number[] };
  let exceptions = 0;
  for (const r of rows) {
    if (r.outcome === "summary") summary = { emails: r.emails, applied: r.applied, accounts: r.accounts ?? [] };
    else {
      outcomes[Number(r.ord) - 1] = r.outcome;
      exceptions++;
    }
  }
  // Optimistic, every item but the exceptions wrote its event: each must have updated its
  // impact too. One that did not was deleted (or moved) by a concurrent transaction after
  // the statement read it; its event must not stand (docs/decisions/010).
  if (optimistic && summary.applied !== changes.length - exceptions) throw new RetryGuardedError("impact");
  if (summary.accounts.length > 0) {
    await refreshEligibilityForAccounts(tx, { accountIds: summary.accounts, categoryIds });
  }
  return { outcomes, applied: summary.applied, emailsQueued: summary.emails };
}

export interface PreviewResult {
  /** Per item, what applyStateChanges would answer now ("applied": it would change). */
  outcomes: ChangeOutcome[];
  /** How many items would change. */
  wouldApply: number;
}

/** What applyStateChanges would do with these items now, by the same SQL, writing nothing. */
export async function previewStateChanges(tx: SqlClient, changes: StateChange[]): Promise<PreviewResult> {
  if (changes.length === 0) return { outcomes: [], wouldApply: 0 };
  const byRef = checkBatch(changes);
  const rows = await tx.$queryRawUnsafe<{ ord: bigint | number; outcome: ChangeOutcome | "changes" }[]>(
    `WITH ${classifySql(byRef)}
     SELECT b."ord", ${outcomeSql} AS "outcome" FROM "before" b`,
    ...itemParams(changes),
  );
  const outcomes = changes.map((): ChangeOutcome => "applied");
  for (const r of rows) outcomes[Number(r.ord) - 1] = r.outcome === "changes" ? "applied" : r.outcome;
  return { outcomes, wouldApply: outcomes.filter((o) => o === "applied").length };
}

/**
 * A unique violation on restore_event's idempotency key, as Prisma's driver adapters report
 * it, or as pg and PGlite do (sqlTransaction).
 */
function isKeyConflict(error: unknown): boolean {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string; originalMessage?: string } } } })?.meta
    ?.driverAdapterError?.cause;
  const raw = error as { code?: unknown; message?: unknown; constraint?: unknown };
  const [code, text] = cause ? [cause.originalCode, cause.originalMessage ?? ""] : [raw?.code, `${String(raw?.constraint ?? "")} ${String(raw?.message ?? "")}`];
  return code === "23505" && text.includes("restore_event_idempotency_key_key");
}
