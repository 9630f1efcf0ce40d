import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { categoryLabelsSchema, type CategoryLabelsInput } from "./incident-schemas";

/**
 * Writes the labels of an incident's kinds of data in one language other than its default
 * (data_category_translation). A blank label removes that language's label. Readers see
 * them from the next snapshot (pages) or the next email (docs/decisions/043).
 */
export async function saveCategoryLabels(
  db: DbClient,
  principal: Principal,
  input: CategoryLabelsInput,
): Promise<{ incidentId: string; slug: string; locale: string; saved: number; removed: number }> {
  authorize(principal.role, "incidents:write");
  const { incidentId, locale, labels } = categoryLabelsSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const incident = await tx.incident.findUnique({
      where: { id: incidentId },
      select: { slug: true, defaultLocale: true, categories: { select: { id: true, key: true, translations: { where: { locale }, select: { label: true } } } } },
    });
    if (!incident) throw new AppError("NOT_FOUND", "This incident does not exist.");
    if (locale === incident.defaultLocale) {
      throw new AppError("VALIDATION", `${locale} is this incident's default language: its labels are the categories' own.`, { field: "locale" });
    }
    const byId = new Map(incident.categories.map((c) => [c.id, c]));
    const unknown = labels.find((l) => !byId.has(l.categoryId));
    if (unknown) throw new AppError("VALIDATION", "This kind of data is not one of this incident's.", { field: `label-${unknown.categoryId}` });

    const before: Record<string, string> = {};
    const after: Record<string, string> = {};
    let saved = 0;
    let removed = 0;
    for (const { categoryId, label } of labels) {
      const category = byId.get(categoryId)!;
      const old = category.translations[0]?.label;
      if (old !== undefined) before[category.key] = old;
      if (label === "") {
        if (old === undefined) continue;
        await tx.dataCategoryTranslation.delete({ where: { categoryId_locale: { categoryId, locale } } });
        removed++;
        continue;
      }
      after[category.key] = label;
      if (old === label) continue;
      await tx.dataCategoryTranslation.upsert({ where: { categoryId_locale: { categoryId, locale } }, create: { categoryId, locale, label }, update: { label } });
      saved++;
    }
    await recordAudit(tx, principal.actor, {
      action: "incident.save_category_labels",
      targetType: "incident",
      targetId: incidentId,
      before: { locale, labels: before },
      after: { locale, labels: after },
    });
    return { incidentId, slug: incident.slug, locale, saved, removed };
  });
}
