import type { DbClient } from "../db";
import { AppError } from "../errors";
import { defaultLocale, type RenderLocale } from "../i18n/locales";
import { translator } from "../i18n/translator";

/**
 * Merge fields for the emailed version of a letter:
 *   {{name}}        the recipient's display name
 *   {{categories}}  a list of the recipient's kinds of data and where each stands
 * Values are escaped so a customer's name cannot inject markdown or HTML.
 */
const stateWords: Record<string, string> = {
  pending: "waiting to be restored",
  restoring: "being restored",
  restored: "restored",
  partial: "partly restored",
  unrecoverable: "could not be recovered",
  not_affected: "not affected",
};

export interface MergeValues {
  name: string;
  categories: { label: string; state: string; itemsTotal: number; itemsRestored: number }[];
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`);
}

export function categoriesMarkdown(categories: MergeValues["categories"]): string {
  if (categories.length === 0) return "_No data of yours was affected._";
  return categories
    .map((c) => {
      const items = c.state === "partial" ? ` (${c.itemsRestored} of ${c.itemsTotal} items)` : c.state === "restored" && c.itemsTotal > 0 ? ` (${c.itemsTotal} items)` : "";
      return `- ${escapeMarkdown(c.label)}: ${stateWords[c.state] ?? c.state}${items}`;
    })
    .join("\n");
}

/** Replaces the merge fields in a markdown body; unknown {{fields}} are left visible. */
export function applyMergeFields(body: string, values: MergeValues): string {
  return body.replace(/\{\{\s*(name|categories)\s*\}\}/g, (_m, field: string) =>
    field === "name" ? escapeMarkdown(values.name) : `\n\n${categoriesMarkdown(values.categories)}\n\n`,
  );
}

/** The merge values for one account, by its external reference, for one incident. */
export async function loadMergeValues(db: DbClient, incidentId: string, externalRef: string): Promise<MergeValues> {
  const account = await db.account.findUnique({
    where: { externalRef },
    select: {
      displayName: true,
      impacts: {
        where: { incidentId },
        select: { state: true, itemsTotal: true, itemsRestored: true, category: { select: { label: true, position: true } } },
      },
    },
  });
  if (!account) throw new AppError("NOT_FOUND", `No affected account has the reference ${externalRef}.`, { field: "externalRef" });
  return {
    name: account.displayName,
    categories: account.impacts
      .sort((a, b) => a.category.position - b.category.position)
      .map((i) => ({ label: i.category.label, state: i.state, itemsTotal: i.itemsTotal, itemsRestored: i.itemsRestored })),
  };
}

/**
 * The public web page of a letter is not addressed to one person: merge fields read as
 * generic words there ("Dear customer", "your data"), never as raw {{placeholders}}, in the
 * letter's own language (messages/<locale>/content.json: mergeName, mergeCategories).
 */
export function applyPublicMergeFields(body: string, locale: RenderLocale = defaultLocale): string {
  const t = translator(locale, "content");
  const name = t("mergeName");
  const categories = `_${t("mergeCategories")}_`;
  return body.replace(/\{\{\s*name\s*\}\}/g, () => name).replace(/\{\{\s*categories\s*\}\}/g, () => categories);
}
