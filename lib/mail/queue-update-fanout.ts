import type { DbClient } from "../db";
import { AppError } from "../errors";

/**
 * Fan-out of an incident update or a letter: ONE `INSERT ... SELECT` queues an email per
 * recipient, so a million recipients are queued in seconds inside the caller's
 * transaction (the update and its emails commit together). Recipients:
 *  - confirmed subscribers who have not unsubscribed, whose subscription covers the
 *    incident (scope all, or this incident);
 *  - affected accounts of the incident that have not opted out of updates.
 * One email per address (a subscriber who is also an affected account gets one), keyed
 * `update:<updateId>:<address>` / `letter:<letterId>:<revision>:<address>`: calling it twice
 * queues nothing more. The body is rendered at send time (templates/).
 */
const recipientsSql = (incidentParam: string) => `
  SELECT DISTINCT ON ("address") "address", "account_id", "subscriber_id" FROM (
    SELECT s."email" AS "address", NULL::int AS "account_id", s."id" AS "subscriber_id"
    FROM "subscriber" s
    WHERE s."confirmed_at" IS NOT NULL AND s."unsubscribed_at" IS NULL
      AND EXISTS (SELECT 1 FROM "subscription" sub WHERE sub."subscriber_id" = s."id"
                    AND (sub."scope" = 'all' OR sub."incident_id" = ${incidentParam}))
    UNION ALL
    SELECT a."email", a."id", NULL::uuid
    FROM "account" a
    WHERE NOT a."updates_opt_out"
      AND EXISTS (SELECT 1 FROM "impact" im WHERE im."account_id" = a."id" AND im."incident_id" = ${incidentParam})
  ) r
  ORDER BY "address", "account_id" NULLS LAST`;

export async function queueUpdateFanout(tx: DbClient, updateId: string): Promise<number> {
  const update = await tx.incidentUpdate.findUnique({
    where: { id: updateId },
    select: { id: true, incidentId: true, status: true, incident: { select: { title: true } } },
  });
  if (!update) throw new AppError("NOT_FOUND", `Incident update ${updateId} does not exist.`);
  return tx.$executeRawUnsafe(
    `INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "account_id", "subject", "payload")
     SELECT 'update:' || $1 || ':' || r."address", 'incident_update', r."address", r."account_id", $3,
            jsonb_strip_nulls(jsonb_build_object('updateId', $1::text, 'subscriberId', r."subscriber_id"))
     FROM (${recipientsSql("$2::uuid")}) r
     ON CONFLICT ("dedupe_key") DO NOTHING`,
    update.id,
    update.incidentId,
    `Update: ${update.incident.title}`,
  );
}

/** Emails the latest revision (or the given one) of a letter, personalised at send time ({{name}}, {{categories}}). */
export async function queueLetterFanout(tx: DbClient, letterId: string, revision?: number): Promise<number> {
  const found = await tx.letterRevision.findFirst({
    where: { letterId, ...(revision ? { revision } : {}) },
    orderBy: { revision: "desc" },
    select: { revision: true, title: true, letter: { select: { incidentId: true, publishedAt: true } } },
  });
  if (!found) throw new AppError("NOT_FOUND", `Letter ${letterId} has no published revision${revision ? ` ${revision}` : ""}.`);
  return tx.$executeRawUnsafe(
    `INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "account_id", "subject", "payload")
     SELECT 'letter:' || $1 || ':' || $3::int || ':' || r."address", 'letter', r."address", r."account_id", $4,
            jsonb_strip_nulls(jsonb_build_object('letterId', $1::text, 'revision', $3::int, 'subscriberId', r."subscriber_id"))
     FROM (${recipientsSql("$2::uuid")}) r
     ON CONFLICT ("dedupe_key") DO NOTHING`,
    letterId,
    found.letter.incidentId,
    found.revision,
    found.title,
  );
}
