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
  SELECT DISTINCT ON ("address") "address", "account_id", "subscriber_id", "locale" FROM (
    SELECT s."email" AS "address", NULL::int AS "account_id", s."id" AS "subscriber_id", s."locale"
    FROM "subscriber" s
    WHERE s."confirmed_at" IS NOT NULL AND s."unsubscribed_at" IS NULL
      AND EXISTS (SELECT 1 FROM "subscription" sub WHERE sub."subscriber_id" = s."id"
                    AND (sub."scope" = 'all' OR sub."incident_id" = ${incidentParam}))
    UNION ALL
    SELECT a."email", a."id", NULL::uuid, a."locale"
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

/**
 * Emails the latest revision (or the given one) of a letter in one language, personalised at
 * send time ({{name}}, {{categories}}). Each recipient gets the letter in their own language
 * when it is published in it (docs/decisions/043): publishing language L emails those whose
 * language is L; publishing the default language emails everyone whose language has no
 * published revision of this letter (they read the default, with a note).
 */
export async function queueLetterFanout(tx: DbClient, letterId: string, revision?: number, locale?: string): Promise<number> {
  const letter = await tx.letter.findUnique({ where: { id: letterId }, select: { incidentId: true, incident: { select: { defaultLocale: true } } } });
  if (!letter) throw new AppError("NOT_FOUND", `Letter ${letterId} does not exist.`);
  const defaultLocale = letter.incident.defaultLocale;
  const language = locale ?? defaultLocale;
  const found = await tx.letterRevision.findFirst({
    where: { letterId, locale: language, ...(revision ? { revision } : {}) },
    orderBy: { revision: "desc" },
    select: { revision: true, title: true },
  });
  if (!found) throw new AppError("NOT_FOUND", `Letter ${letterId} has no published ${language} revision${revision ? ` ${revision}` : ""}.`);
  const isDefault = language === defaultLocale;
  // The default language's keys keep their original shape (letter:<id>:<revision>:<address>).
  const keyPart = isDefault ? "" : `${language}:`;
  return tx.$executeRawUnsafe(
    `INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "account_id", "subject", "payload")
     SELECT 'letter:' || $1 || ':' || $3::int || ':' || $6 || r."address", 'letter', r."address", r."account_id", $4,
            jsonb_strip_nulls(jsonb_build_object('letterId', $1::text, 'revision', $3::int, 'locale', $5::text, 'subscriberId', r."subscriber_id"))
     FROM (${recipientsSql("$2::uuid")}) r
     WHERE CASE WHEN $7::boolean
                THEN NOT EXISTS (SELECT 1 FROM "letter_revision" lr WHERE lr."letter_id" = $1::uuid AND lr."locale" = r."locale" AND lr."locale" <> $5::text)
                ELSE r."locale" = $5::text END
     ON CONFLICT ("dedupe_key") DO NOTHING`,
    letterId,
    letter.incidentId,
    found.revision,
    found.title,
    language,
    keyPart,
    isDefault,
  );
}
