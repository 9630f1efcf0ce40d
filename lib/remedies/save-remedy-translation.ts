import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { contentLocaleSchema } from "../incidents/incident-schemas";

/** A remedy's name and offer in one language other than its incident's default; both blank removes that language. */
export const saveRemedyTranslationSchema = z
  .object({
    incidentId: z.uuid(),
    ruleId: z.coerce.number().int().positive(),
    locale: contentLocaleSchema,
    name: z.string().trim().max(200),
    offer: z.string().trim().max(2_000),
  })
  .refine((t) => (t.name === "") === (t.offer === ""), {
    message: "Give both the name and the offer, or leave both blank to remove this language.",
    path: ["name"],
  });
export type SaveRemedyTranslationInput = z.input<typeof saveRemedyTranslationSchema>;

/**
 * Writes (or removes) a remedy rule's name and offer in one language. The condition is the
 * rule's own, in no language. Customers of that language read it on their private page and
 * in the restore email that announces it; the others read the default's (docs/decisions/043).
 */
export async function saveRemedyTranslation(
  db: DbClient,
  principal: Principal,
  input: SaveRemedyTranslationInput,
): Promise<{ ruleId: number; locale: string; removed: boolean }> {
  authorize(principal.role, "incidents:write");
  const { incidentId, ruleId, locale, name, offer } = saveRemedyTranslationSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const rule = await tx.remedyRule.findFirst({
      where: { id: ruleId, incidentId },
      select: { incident: { select: { defaultLocale: true } }, translations: { where: { locale } } },
    });
    if (!rule) throw new AppError("NOT_FOUND", "No such remedy rule in this incident.");
    if (locale === rule.incident.defaultLocale) {
      throw new AppError("VALIDATION", `${locale} is this incident's default language: edit the remedy itself.`, { field: "locale" });
    }
    const before = rule.translations[0];
    const removed = name === "";
    if (removed) {
      if (!before) return { ruleId, locale, removed };
      await tx.remedyRuleTranslation.delete({ where: { ruleId_locale: { ruleId, locale } } });
    } else {
      await tx.remedyRuleTranslation.upsert({ where: { ruleId_locale: { ruleId, locale } }, create: { ruleId, locale, name, offer }, update: { name, offer } });
    }
    await recordAudit(tx, principal.actor, {
      action: "remedy.save_translation",
      targetType: "remedy_rule",
      targetId: ruleId,
      before: before ? { locale, name: before.name, offer: before.offer } : null,
      after: removed ? null : { locale, name, offer },
    });
    return { ruleId, locale, removed };
  });
}
