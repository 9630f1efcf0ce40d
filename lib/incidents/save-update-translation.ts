import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { updateTranslationSchema, type UpdateTranslationInput } from "./incident-schemas";

/**
 * Writes an update's body in one language other than its incident's default. Emails already
 * queued for the update pick it up when they are sent (lib/mail/kinds/incident-update.ts).
 */
export async function saveUpdateTranslation(
  db: DbClient,
  principal: Principal,
  input: UpdateTranslationInput,
): Promise<{ updateId: string; incidentId: string; slug: string; locale: string }> {
  authorize(principal.role, "incidents:write");
  const { updateId, locale, body } = updateTranslationSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const update = await tx.incidentUpdate.findUnique({ where: { id: updateId }, select: { incidentId: true, incident: { select: { slug: true, defaultLocale: true } } } });
    if (!update) throw new AppError("NOT_FOUND", "This update does not exist.");
    if (locale === update.incident.defaultLocale) {
      throw new AppError("VALIDATION", `${locale} is this incident's default language: the update's own text is in it.`, { field: "locale" });
    }
    const before = await tx.incidentUpdateTranslation.findUnique({ where: { updateId_locale: { updateId, locale } }, select: { body: true } });
    await tx.incidentUpdateTranslation.upsert({ where: { updateId_locale: { updateId, locale } }, create: { updateId, locale, body }, update: { body } });
    await recordAudit(tx, principal.actor, {
      action: "incident.save_update_translation",
      targetType: "incident",
      targetId: update.incidentId,
      before: before ? { updateId, locale, body: before.body } : null,
      after: { updateId, locale, body },
    });
    return { updateId, incidentId: update.incidentId, slug: update.incident.slug, locale };
  });
}
