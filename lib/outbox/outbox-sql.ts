/**
 * The statements of an outbox queue: a table with the columns "id", "status" (an enum
 * with queued, sending, sent, parked), "attempts", "next_attempt_at", "locked_by",
 * "locked_until" and "last_error". email_outbox is one; a second kind of outbox (webhook
 * deliveries) reuses these with its own table.
 *
 * Every statement here costs the same whatever the table's statistics say
 * (docs/decisions/012-outbox-claims-without-statistics.md): the locking subquery of a
 * claim runs once, as an InitPlan (`= ANY(ARRAY(...))`), and every statement that joins a
 * list of ids to the table also filters the table by `"id" = ANY($ids)`, so the planner
 * can only reach the table through its primary key. A join that leaves the table side
 * open is planned from reltuples: after a mass delete and a VACUUM ANALYZE the planner
 * believes the outbox holds one row and scans all of it (a nested loop that re-runs the
 * locking subquery per row took 9.5 s per claim and never finished under load; a hash
 * join over the whole table took 70-200 ms per mark). test/integration/
 * outbox-plan-shape.test.ts checks the plans in that state on both engines.
 */
export interface OutboxTable {
  /** Table name, e.g. "email_outbox". */
  table: string;
  /** The status column's enum type, e.g. "EmailStatus". */
  statusType: string;
  /** The select list a claim returns (aliased to the row type's names). */
  returning: string;
  /**
   * Appended to the SET list of a claim (it sees the row as it was queued; RETURNING gives
   * the result): work that must be fixed once per claim is written with it instead of by a
   * second UPDATE of the claimed rows (email_outbox: a restore email's coverage).
   */
  claimExtraSet?: string;
}

const q = (name: string) => `"${name.replaceAll('"', "")}"`;

/** $1 worker id, $2 lease seconds, $3 limit. */
export function claimSql(t: OutboxTable): string {
  const table = q(t.table);
  return `UPDATE ${table} SET "status" = 'sending', "attempts" = "attempts" + 1, "locked_by" = $1,
            "locked_until" = now() + make_interval(secs => $2::int)${t.claimExtraSet ? `, ${t.claimExtraSet}` : ""}
     WHERE "id" = ANY(ARRAY(
       SELECT "id" FROM ${table}
       WHERE "status" = 'queued' AND "next_attempt_at" <= now()
       ORDER BY "next_attempt_at" LIMIT $3 FOR UPDATE SKIP LOCKED))
     RETURNING ${t.returning}`;
}

/**
 * Claims of a crashed worker go back to the queue; one that has used every attempt (it
 * keeps killing workers, or keeps timing out) is parked instead. $1 max attempts.
 */
export function reclaimExpiredSql(t: OutboxTable): string {
  return `UPDATE ${q(t.table)} SET
       "status" = CASE WHEN "attempts" >= $1 THEN 'parked'::${q(t.statusType)} ELSE 'queued'::${q(t.statusType)} END,
       "last_error" = 'claim by ' || coalesce("locked_by", '?') || ' expired (worker stopped or crashed)',
       "next_attempt_at" = now(), "locked_by" = NULL, "locked_until" = NULL
     WHERE "status" = 'sending' AND "locked_until" < now()`;
}

/** Claims not yet started go back without using an attempt. $1 ids, $2 worker id. */
export function releaseSql(t: OutboxTable): string {
  return `UPDATE ${q(t.table)} SET "status" = 'queued', "attempts" = greatest("attempts" - 1, 0), "locked_by" = NULL, "locked_until" = NULL
     WHERE "id" = ANY($1::int[]) AND "status" = 'sending' AND "locked_by" = $2`;
}

/** One row when anything is queued or being sent (two probes of the partial indexes). */
export function anyPendingSql(t: OutboxTable): string {
  const table = q(t.table);
  return `SELECT 1 AS "found" WHERE EXISTS (SELECT 1 FROM ${table} WHERE "status" = 'queued')
                           OR EXISTS (SELECT 1 FROM ${table} WHERE "status" = 'sending')`;
}

/**
 * Marks a batch sent in one statement. `columns` are text columns set per row from
 * parallel arrays ($2, $3, ...; $1 is the ids); `extraSet` is appended to the SET list
 * (e.g. scrubbing secrets from the payload once they have been delivered).
 */
export function markSentSql(t: OutboxTable, columns: string[], extraSet = ""): string {
  const values = columns.map((c, i) => `$${i + 2}::text[]`).join(", ");
  const names = columns.map((c) => q(`v_${c}`)).join(", ");
  const sets = columns.map((c) => `${q(c)} = v.${q(`v_${c}`)}`).join(", ");
  return `UPDATE ${q(t.table)} o SET "status" = 'sent', "locked_by" = NULL, "locked_until" = NULL${sets ? `, ${sets}` : ""}${extraSet ? `, ${extraSet}` : ""}
     FROM unnest($1::int[]${values ? `, ${values}` : ""}) AS v("id"${names ? `, ${names}` : ""})
     WHERE o."id" = v."id" AND o."id" = ANY($1::int[])`;
}

/** $1 id, $2 reason. */
export function parkSql(t: OutboxTable, extraSet = ""): string {
  return `UPDATE ${q(t.table)} SET "status" = 'parked', "last_error" = $2, "locked_by" = NULL, "locked_until" = NULL${extraSet ? `, ${extraSet}` : ""}
     WHERE "id" = $1`;
}

/** $1 id, $2 reason, $3 delay in seconds. */
export function retryLaterSql(t: OutboxTable): string {
  return `UPDATE ${q(t.table)} SET "status" = 'queued', "last_error" = $2, "locked_by" = NULL, "locked_until" = NULL,
            "next_attempt_at" = now() + make_interval(secs => $3::float8)
     WHERE "id" = $1`;
}
