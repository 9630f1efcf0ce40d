import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import type { DbClient, Prisma } from "../db";
import { AppError } from "../errors";
import { queueIncidentWebhook } from "../webhooks/queue-webhook-event";
import { updateIncidentSchema, type UpdateIncidentInput } from "./incident-schemas";

/** The editable fields as the conflict screen shows them. */
export interface IncidentFields {
  title: string;
  summary: string;
  advice: string;
  remedy: string;
  impact: string;
  startedAt: string;
  version: number;
  updatedAt: string;
}

export interface IncidentConflict {
  /** What is saved now (the other editor's save). */
  current: IncidentFields;
  /** What this editor tried to save. */
  yours: Omit<IncidentFields, "updatedAt">;
}

const fieldSelect = { title: true, summary: true, advice: true, remedy: true, impact: true, startedAt: true, version: true, updatedAt: true, slug: true, defaultLocale: true } as const;

/**
 * Saves an edit made on top of `version`. Optimistic concurrency: the UPDATE only
 * matches the row at that version, so when someone else saved in between nothing is
 * overwritten and the caller gets CONFLICT with both versions (details: IncidentConflict).
 */
export async function updateIncident(
  db: Prisma,
  principal: Principal,
  input: UpdateIncidentInput,
): Promise<{ id: string; slug: string; version: number }> {
  authorize(principal.role, "incidents:write");
  const { id, version, defaultLocale, ...fields } = updateIncidentSchema.parse(input);
  return db.$transaction(async (tx) => {
    const before = await tx.incident.findUnique({ where: { id }, select: fieldSelect });
    if (!before) throw new AppError("NOT_FOUND", "This incident does not exist.");
    if (defaultLocale && defaultLocale !== before.defaultLocale) {
      await relabelDefaultLocale(tx, id, before.defaultLocale, defaultLocale);
    }
    const updated = await tx.incident.updateMany({
      where: { id, version },
      data: { ...fields, ...(defaultLocale ? { defaultLocale } : {}), version: { increment: 1 } },
    });
    if (updated.count === 0) {
      const conflict: IncidentConflict = {
        current: toFields(before),
        yours: { ...fields, startedAt: fields.startedAt.toISOString(), version },
      };
      throw new AppError(
        "CONFLICT",
        `Someone else saved this incident (version ${before.version}) after you opened it (version ${version}). Nothing was overwritten: compare the two versions, then save again.`,
        conflict,
      );
    }
    await recordAudit(tx, principal.actor, {
      action: "incident.update",
      targetType: "incident",
      targetId: id,
      before: toFields(before),
      after: { ...fields, ...(defaultLocale && defaultLocale !== before.defaultLocale ? { defaultLocale } : {}), version: version + 1 },
    });
    await queueIncidentWebhook(tx, "incident.updated", id, { change: "edited" });
    return { id, slug: before.slug, version: version + 1 };
  });
}

function toFields(row: { title: string; summary: string; advice: string; remedy: string; impact: string; startedAt: Date; version: number; updatedAt: Date }): IncidentFields {
  return {
    title: row.title,
    summary: row.summary,
    advice: row.advice,
    remedy: row.remedy,
    impact: row.impact,
    startedAt: row.startedAt.toISOString(),
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The incident's own text is said to be in another language (staff wrote it in German but
 * left English selected). Its published letter revisions in the old default move with it.
 * Refused when the new language already has a translation: two texts would claim it.
 */
async function relabelDefaultLocale(tx: DbClient, id: string, from: string, to: string): Promise<void> {
  const [incident, update, letter] = await Promise.all([
    tx.incidentTranslation.count({ where: { incidentId: id, locale: to } }),
    tx.incidentUpdateTranslation.count({ where: { update: { incidentId: id }, locale: to } }),
    tx.letterTranslation.count({ where: { letter: { incidentId: id }, locale: to } }),
  ]);
  if (incident + update + letter > 0) {
    throw new AppError("CONFLICT", `This incident already has text in ${to}: remove that translation before making ${to} its default language.`, { field: "defaultLocale" });
  }
  await tx.letterRevision.updateMany({ where: { letter: { incidentId: id }, locale: from }, data: { locale: to } });
}
