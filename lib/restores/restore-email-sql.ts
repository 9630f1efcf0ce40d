import { sqlStateList, terminalStates } from "./impact-states";

/**
 * The statement that queues restore emails for the restore events just written, shared
 * by every path that writes them in one set-based statement (applyStateChanges, the CSV
 * import's merge). Used as a data-modifying CTE after a CTE named "events" with columns
 * id, account_id, to_state.
 *
 * One email per account that reached a terminal state, unless a restore email for that
 * account is already waiting in the outbox: then the new events ride on that one (it is
 * rendered at send time from every event not yet reported). The first event's id is in
 * the dedupe key, so replaying the same events can never queue a second email. The events
 * are always new rows (fresh ids), so the key cannot already exist: no ON CONFLICT arbiter
 * (a probe per row); a unique violation here would be a bug, and it fails loudly.
 *
 * `from` names another source of the new events: a CTE with account_id, the event's id
 * and its state under other names, and (optionally) the account's address, which then
 * needs no second probe of the account (applyStateChanges' optimistic statement reads
 * its "changed" items, with their event ids drawn before the insert).
 */
export function queueRestoreEmailsSql(
  coalesceSecondsParam: string,
  from: { cte: string; id: string; state: string; email?: string } = { cte: "events", id: "id", state: "to_state" },
): string {
  return `INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "account_id", "subject", "payload", "next_attempt_at")
       SELECT 'restore:' || e."account_id" || ':' || e."first_id", 'restore', ${from.email ? `e."email"` : `a."email"`}, e."account_id",
              'An update on your data', jsonb_build_object('firstEventId', e."first_id"),
              now() + make_interval(secs => ${coalesceSecondsParam}::int)
       -- One row per account first (grouped by its id alone), then its address.
       FROM (SELECT "account_id", min("${from.id}") AS "first_id"${from.email ? `, min("${from.email}") AS "email"` : ""}
             FROM "${from.cte}" WHERE "${from.state}" IN ${sqlStateList(terminalStates)} GROUP BY "account_id") e
       ${from.email ? "" : `JOIN "account" a ON a."id" = e."account_id"`}
       -- A LATERAL probe per account, not NOT EXISTS: an anti join is planned from the
       -- outbox's statistics, which do not see the rows queued earlier in the same
       -- transaction; a bulk change that queues tens of thousands of emails in one
       -- transaction then got a nested loop over a materialised scan of all of them, per
       -- account (each batch of 20,000 slower than the last). A lateral probe can only be
       -- an index lookup. status::text keeps it on the account_id index: ANDing in the
       -- status index reads every queued row once per account (3 s per 2,000 items at
       -- 80,000 queued).
       LEFT JOIN LATERAL (
         SELECT 1 AS "found" FROM "email_outbox" o
         WHERE o."account_id" = e."account_id" AND o."kind" = 'restore' AND o."status"::text = 'queued'
         LIMIT 1
       ) w ON true
       WHERE w."found" IS NULL
       RETURNING 1`;
}
