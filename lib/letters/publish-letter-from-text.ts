import { z } from "zod";
import type { Principal } from "../auth/principal";
import { runFanoutJobAfterCommit } from "../mail/fanout-job";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { createLetter } from "./create-letter";
import { publishLetter } from "./publish-letter";
import { saveLetter } from "./save-letter";
import { saveLetterTranslation } from "./save-letter-translation";
import { contentLocaleSchema } from "../incidents/incident-schemas";

/**
 * Writes and publishes a letter in one step (the CLI's publish-letter): a new letter
 * is created and published as revision 1; an existing one (same slug, same incident)
 * is corrected, which needs a correction note, as in the console. One transaction:
 * a refused correction leaves the draft as it was.
 */
export const publishLetterFromTextSchema = z.object({
  incidentId: z.uuid(),
  /** Default: from the title. */
  slug: z.string().trim().optional(),
  title: z.string(),
  body: z.string(),
  signatoryName: z.string(),
  signatoryTitle: z.string(),
  correctionNote: z.string().optional(),
  emailRecipients: z.boolean().default(false),
  /** Publish the letter in this language (the letter must exist in the incident's default language); default: the default language. */
  locale: contentLocaleSchema.optional(),
});
export type PublishLetterFromTextInput = z.input<typeof publishLetterFromTextSchema>;

export function slugFromTitle(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}

export async function publishLetterFromText(
  db: DbClient,
  principal: Principal,
  input: PublishLetterFromTextInput,
): Promise<{ slug: string; locale: string; revision: number; emailsQueued: number; corrected: boolean }> {
  const data = publishLetterFromTextSchema.parse(input);
  const slug = data.slug || slugFromTitle(data.title);
  const fields = { title: data.title, body: data.body, signatoryName: data.signatoryName, signatoryTitle: data.signatoryTitle };
  const result = await inTransaction(db, async (tx) => {
    const existing = await tx.letter.findUnique({ where: { slug }, select: { id: true, incidentId: true, version: true, incident: { select: { defaultLocale: true } } } });
    if (existing && existing.incidentId !== data.incidentId) {
      throw new AppError("CONFLICT", `The letter address ${slug} belongs to another incident; choose another slug.`, { field: "slug" });
    }
    if (data.locale && data.locale !== (existing?.incident.defaultLocale ?? data.locale)) {
      // Another language of an existing letter: its own working copy, its own revisions.
      const letter = existing!;
      const [translation, published] = await Promise.all([
        tx.letterTranslation.findUnique({ where: { letterId_locale: { letterId: letter.id, locale: data.locale } }, select: { version: true } }),
        tx.letterRevision.count({ where: { letterId: letter.id, locale: data.locale } }),
      ]);
      if (published > 0 && !data.correctionNote) {
        throw new AppError("CONFLICT", `The ${data.locale} letter ${slug} is published. It is corrected, not replaced: say what changed in a correction note.`, { field: "correctionNote" });
      }
      const { version } = await saveLetterTranslation(tx, principal, { id: letter.id, locale: data.locale, version: translation?.version ?? 0, ...fields });
      const result = await publishLetter(tx, principal, { id: letter.id, locale: data.locale, version, correctionNote: data.correctionNote ?? "", emailRecipients: data.emailRecipients });
      return { ...result, corrected: published > 0 };
    }
    if (data.locale && !existing) {
      const incident = await tx.incident.findUnique({ where: { id: data.incidentId }, select: { defaultLocale: true } });
      if (incident && incident.defaultLocale !== data.locale) {
        throw new AppError("VALIDATION", `Publish the letter in the incident's default language (${incident.defaultLocale}) first; then its ${data.locale} version.`, { field: "locale" });
      }
    }
    if (existing && !data.correctionNote) {
      throw new AppError("CONFLICT", `A letter with the address ${slug} exists. A published letter is corrected, not replaced: say what changed in a correction note.`, {
        field: "correctionNote",
      });
    }
    let id: string;
    let version: number;
    if (existing) {
      ({ id, version } = await saveLetter(tx, principal, { id: existing.id, version: existing.version, ...fields }));
    } else {
      ({ id } = await createLetter(tx, principal, { incidentId: data.incidentId, slug, ...fields }));
      version = 1;
    }
    const published = await publishLetter(tx, principal, { id, version, correctionNote: data.correctionNote ?? "", emailRecipients: data.emailRecipients });
    return { ...published, corrected: Boolean(existing) };
  });
  // The fan-out job committed with the letter: run it now (it could not run inside).
  const { fanoutJobId, ...rest } = result;
  return { ...rest, emailsQueued: fanoutJobId ? await runFanoutJobAfterCommit(db, fanoutJobId) : 0 };
}
