import { sqlStateList, terminalStates } from "../restores/impact-states";

/**
 * The webhooks of a set-based state change, as CTEs appended to applyStateChanges'
 * statement after the CTE "events" (columns account_id, category_id, to_state,
 * items_total, items_restored): one INSERT ... SELECT for the whole chunk, never a row
 * at a time.
 *  - restores.batch_applied: one per incident the chunk touched, per subscribed
 *    endpoint: how many changes, to which states, how many accounts;
 *  - account.restored: one per account that reached a final state (restored, partial,
 *    unrecoverable) in this chunk, per endpoint that chose it, with those categories.
 * Both are gated by a one-time probe of the (few) endpoints: without a subscriber the
 * events are not even read again. `actorTypeParam` is the statement's actor type.
 */
export function queueRestoreWebhooksSql(actorTypeParam: string): string {
  return `"hook_endpoints" AS (
       SELECT w."id", w."events" FROM "webhook_endpoint" w
       WHERE w."enabled" AND w."events" && ARRAY['restores.batch_applied', 'account.restored']::text[]
     ), "hook_events" AS (
       SELECT e."account_id", e."to_state", e."items_total", e."items_restored", c."incident_id", c."key", c."position"
       FROM "events" e JOIN "data_category" c ON c."id" = e."category_id"
       WHERE EXISTS (SELECT 1 FROM "hook_endpoints")
     ), "hook_state_counts" AS (
       SELECT h."incident_id", h."to_state"::text AS "to_state", count(*)::int AS "n"
       FROM "hook_events" h
       WHERE EXISTS (SELECT 1 FROM "hook_endpoints" w WHERE 'restores.batch_applied' = ANY(w."events"))
       GROUP BY h."incident_id", h."to_state"
     ), "hook_bodies" AS (
       SELECT 'restores.batch_applied' AS "type",
              jsonb_build_object('incident', jsonb_build_object('id', i."id", 'slug', i."slug"),
                                 'changes', sum(s."n"), 'states', jsonb_object_agg(s."to_state", s."n"),
                                 'accounts', (SELECT count(DISTINCT h."account_id") FROM "hook_events" h WHERE h."incident_id" = i."id"),
                                 'actorType', ${actorTypeParam}::text) AS "data"
       FROM "hook_state_counts" s JOIN "incident" i ON i."id" = s."incident_id"
       GROUP BY i."id", i."slug"
       UNION ALL
       SELECT 'account.restored',
              jsonb_build_object('account', jsonb_build_object('id', a."id", 'ref', a."external_ref"),
                                 'incident', jsonb_build_object('id', i."id", 'slug', i."slug"),
                                 'categories', jsonb_agg(jsonb_build_object('key', h."key", 'state', h."to_state",
                                                           'itemsRestored', h."items_restored", 'itemsTotal', h."items_total") ORDER BY h."position"))
       FROM "hook_events" h JOIN "account" a ON a."id" = h."account_id" JOIN "incident" i ON i."id" = h."incident_id"
       WHERE h."to_state" IN ${sqlStateList(terminalStates)}
         AND EXISTS (SELECT 1 FROM "hook_endpoints" w WHERE 'account.restored' = ANY(w."events"))
       GROUP BY a."id", a."external_ref", i."id", i."slug"
     ), "webhooks" AS (
       INSERT INTO "webhook_delivery" ("endpoint_id", "event_type", "payload")
       SELECT w."id", b."type", b."data" FROM "hook_bodies" b JOIN "hook_endpoints" w ON b."type" = ANY(w."events")
       RETURNING 1
     )`;
}
