import type { DbClient } from "../db";
import { publicUrl } from "../env";
import type { WebhookEventType } from "./webhook-events";

/**
 * Queues an event for every enabled endpoint that subscribes to it: one
 * INSERT ... SELECT over the endpoints, in the caller's transaction, so the change and
 * its webhooks commit or roll back together. Nothing is written when no endpoint wants
 * the event. The body (type, timestamp, data) is built when it is sent; the row keeps
 * the event's `data` and its creation time.
 * Set-based events of state changes are queued inside applyStateChanges' statement
 * (restore-webhooks-sql.ts), not through these.
 */
export async function queueWebhookEvent(db: DbClient, type: WebhookEventType, data: Record<string, unknown>): Promise<number> {
  return db.$executeRaw`
    INSERT INTO "webhook_delivery" ("endpoint_id", "event_type", "payload")
    SELECT w."id", ${type}, ${JSON.stringify(data)}::jsonb FROM "webhook_endpoint" w
    WHERE w."enabled" AND ${type} = ANY(w."events")`;
}

/** The incident as every incident event and letter event describes it (SQL, alias i). */
export function incidentJsonSql(base: string): string {
  return `jsonb_build_object('id', i."id", 'slug', i."slug", 'title', i."title", 'summary', i."summary", 'status', i."status",
            'impact', i."impact", 'startedAt', i."started_at", 'resolvedAt', i."resolved_at", 'publishedAt', i."published_at",
            'version', i."version", 'url', ${base} || '/incidents/' || i."slug")`;
}

/**
 * incident.created / incident.updated for one incident, read as it stands in the
 * transaction; `extra` is merged into data (what changed, the update posted).
 */
export async function queueIncidentWebhook(
  db: DbClient,
  type: Extract<WebhookEventType, "incident.created" | "incident.updated">,
  incidentId: string,
  extra: Record<string, unknown> = {},
): Promise<number> {
  return db.$executeRawUnsafe(
    `INSERT INTO "webhook_delivery" ("endpoint_id", "event_type", "payload")
     SELECT w."id", $1, jsonb_build_object('incident', ${incidentJsonSql("$3::text")}) || $4::jsonb
     FROM "webhook_endpoint" w JOIN "incident" i ON i."id" = $2::uuid
     WHERE w."enabled" AND $1 = ANY(w."events")`,
    type,
    incidentId,
    publicUrl(),
    JSON.stringify(extra),
  );
}

/** letter.published for one revision of a letter (the first, or a correction). */
export async function queueLetterWebhook(db: DbClient, letterId: string, revision: number, locale: string): Promise<number> {
  return db.$executeRawUnsafe(
    `INSERT INTO "webhook_delivery" ("endpoint_id", "event_type", "payload")
     SELECT w."id", 'letter.published',
            jsonb_build_object('letter', jsonb_build_object('id', l."id", 'slug', l."slug", 'locale', r."locale", 'revision', r."revision", 'title', r."title",
                                 'signatoryName', r."signatory_name", 'signatoryTitle', r."signatory_title",
                                 'correctionNote', r."correction_note", 'publishedAt', r."published_at",
                                 'url', $3::text || '/letters/' || l."slug"),
                               'incident', ${incidentJsonSql("$3::text")})
     FROM "webhook_endpoint" w
     JOIN "letter" l ON l."id" = $1::uuid
     JOIN "letter_revision" r ON r."letter_id" = l."id" AND r."revision" = $2::int AND r."locale" = $4::text
     JOIN "incident" i ON i."id" = l."incident_id"
     WHERE w."enabled" AND 'letter.published' = ANY(w."events")`,
    letterId,
    revision,
    publicUrl(),
    locale,
  );
}
