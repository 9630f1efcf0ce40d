/**
 * bench:mail part 1's raw baseline: the same change as the pipeline API (contacts -> restored,
 * an event per impact, a restore email queued per account) as one set-based statement, with
 * each account probed by its reference ($1 refs, $2 category id, $3 a run tag for the events'
 * keys). Shared by bench/mail.ts and bench/pipeline-steps.ts so that the step profiler
 * explains the statement the bench times.
 */
export const rawRestoreSql = `WITH "input" AS (SELECT unnest($1::text[]) AS "ref"),
       "upd" AS (
         UPDATE "impact" im SET "state" = 'restored', "items_restored" = im."items_total", "updated_at" = now()
         FROM "input" i CROSS JOIN LATERAL (SELECT a."id" FROM "account" a WHERE a."external_ref" = i."ref" LIMIT 1) a
         WHERE im."account_id" = a."id" AND im."category_id" = $2 AND im."state" <> 'restored'
         RETURNING im."account_id", im."category_id", im."items_total"
       ), "ev" AS (
         INSERT INTO "restore_event" ("account_id", "category_id", "from_state", "to_state", "items_total", "items_restored", "actor_type", "idempotency_key")
         SELECT "account_id", "category_id", 'restoring', 'restored', "items_total", "items_total", 'api_key', 'raw-' || $3 || '-' || "account_id" FROM "upd"
         RETURNING "id", "account_id"
       )
       -- Queued like the API's emails (so into the same queue indexes), but due tomorrow:
       -- bench:mail's delivery part sends the API's.
       INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "account_id", "subject", "payload", "next_attempt_at")
       SELECT 'raw:' || ev."account_id" || ':' || ev."id", 'restore', a."email", ev."account_id", 'An update on your data',
              jsonb_build_object('firstEventId', ev."id"), now() + interval '1 day'
       FROM "ev" JOIN "account" a ON a."id" = ev."account_id"`;
