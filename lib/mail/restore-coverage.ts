/**
 * The events a restore email reports: those of its account in (coversFromEventId,
 * coversUpToEventId], fixed in its payload when it is first claimed, so that a retry or a
 * resend says exactly the same thing and the next restore email starts after it
 * (lib/mail/kinds/restore.ts). From: the last event reported by a sent or sending restore
 * email of the account; up to: the newest event of the whole table (one index read per
 * statement instead of a read of each account's history).
 *
 * An assignment for the SET list of an UPDATE of "email_outbox" (unaliased): the claim
 * itself (emailOutbox.claimExtraSet, lib/mail/outbox-row.ts), so the row is written once
 * per claim instead of claimed and then rewritten by a second statement, and the restore
 * kind's fallback for a row claimed without it. Other kinds, and restore emails whose
 * coverage is already fixed (a retry), keep their payload (CASE: the subqueries do not run
 * for them). "id" <> and "status"::text keep the probe on the account index (see the plan
 * note in kinds/restore.ts).
 */
export const restoreCoverageSetSql = `"payload" = CASE
    WHEN "email_outbox"."kind" = 'restore' AND "email_outbox"."account_id" IS NOT NULL
         AND NOT coalesce(jsonb_typeof("email_outbox"."payload"->'coversFromEventId') = 'number'
                          AND jsonb_typeof("email_outbox"."payload"->'coversUpToEventId') = 'number', false)
    THEN "email_outbox"."payload" || jsonb_build_object(
      'coversFromEventId', coalesce((SELECT max((prior."payload"->>'coversUpToEventId')::int) FROM "email_outbox" prior
                                     WHERE prior."account_id" = "email_outbox"."account_id" AND prior."kind" = 'restore'
                                       AND prior."id" <> "email_outbox"."id" AND prior."status"::text IN ('sent', 'sending')
                                       AND prior."payload" ? 'coversUpToEventId'), 0),
      'coversUpToEventId', (SELECT coalesce(max("id"), 0) FROM "restore_event"))
    ELSE "email_outbox"."payload" END`;
