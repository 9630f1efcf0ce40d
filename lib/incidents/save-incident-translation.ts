import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { incidentTranslationSchema, type IncidentTranslationInput } from "./incident-schemas";

/**
 * Writes (or rewrites) an incident's title, summary, advice and remedy in one language other
 * than its default. Readers of that language see it from the next snapshot; readers of any
 * language without a translation keep reading the default, with a note (docs/decisions/043).
 */
export async function saveIncidentTranslation(
  db: DbClient,
  principal: Principal,
  input: IncidentTranslationInput,
): Promise<{ incidentId: string; slug: string; locale: string; created: boolean }> {
  authorize(principal.role, "incidents:write");
  const { incidentId, locale, ...fields } = incidentTranslationSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { slug: true, defaultLocale: true } });
    if (!incident) throw new AppError("NOT_FOUND", "This incident does not exist.");
    if (locale === incident.defaultLocale) {
      throw new AppError("VALIDATION", `${locale} is this incident's default language: edit the incident itself.`, { field: "locale" });
    }
    const before = await tx.incidentTranslation.findUnique({ where: { incidentId_locale: { incidentId, locale } } });
    await tx.incidentTranslation.upsert({
      where: { incidentId_locale: { incidentId, locale } },
      create: { incidentId, locale, ...fields },
      update: fields,
    });
    await recordAudit(tx, principal.actor, {
      action: "incident.save_translation",
      targetType: "incident",
      targetId: incidentId,
      before: before ? { locale, title: before.title, summary: before.summary, advice: before.advice, remedy: before.remedy } : null,
      after: { locale, ...fields },
    });
    return { incidentId, slug: incident.slug, locale, created: !before };
  });
}
