import type { DbClient } from "../db";
import { AppError } from "../errors";
import { renderMarkdown } from "../markdown";
import { mergePreviewSchema } from "./letter-schemas";
import { applyMergeFields, loadMergeValues } from "./merge-fields";

/** The emailed version of a letter's working copy, merged for one account (read only). */
export async function previewLetterForAccount(
  db: DbClient,
  input: { id: string; externalRef: string },
): Promise<{ title: string; html: string; markdown: string; accountName: string }> {
  const { id, externalRef } = mergePreviewSchema.parse(input);
  const letter = await db.letter.findUnique({ where: { id }, select: { incidentId: true, title: true, body: true } });
  if (!letter) throw new AppError("NOT_FOUND", "This letter does not exist.");
  const values = await loadMergeValues(db, letter.incidentId, externalRef);
  const markdown = applyMergeFields(letter.body, values);
  return { title: letter.title, markdown, html: renderMarkdown(markdown), accountName: values.name };
}
