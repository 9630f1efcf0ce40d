import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { saveLetterTranslationSchema, type SaveLetterTranslationInput } from "./letter-schemas";

/**
 * Saves a letter's working copy in one language other than its incident's default, on top of
 * `version` (0: the first save of this language). Like saveLetter it never touches what the
 * public reads: that language's revisions change only through publishLetter with its locale.
 */
export async function saveLetterTranslation(
  db: DbClient,
  principal: Principal,
  input: SaveLetterTranslationInput,
): Promise<{ id: string; locale: string; version: number }> {
  authorize(principal.role, "letters:write");
  const { id, locale, version, ...fields } = saveLetterTranslationSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const letter = await tx.letter.findUnique({ where: { id }, select: { incident: { select: { defaultLocale: true } } } });
    if (!letter) throw new AppError("NOT_FOUND", "This letter does not exist.");
    if (locale === letter.incident.defaultLocale) {
      throw new AppError("VALIDATION", `${locale} is the incident's default language: edit the letter itself.`, { field: "locale" });
    }
    const before = await tx.letterTranslation.findUnique({ where: { letterId_locale: { letterId: id, locale } } });
    if (version === 0 && !before) {
      await tx.letterTranslation.create({ data: { letterId: id, locale, ...fields } });
    } else {
      const updated = await tx.letterTranslation.updateMany({ where: { letterId: id, locale, version }, data: { ...fields, version: { increment: 1 } } });
      if (updated.count === 0) {
        throw new AppError(
          "CONFLICT",
          `Someone else saved the ${locale} letter (version ${before?.version ?? 0}) after you opened it (version ${version}). Nothing was overwritten.`,
          { current: before, yours: { ...fields, version } },
        );
      }
    }
    await recordAudit(tx, principal.actor, {
      action: "letter.save_translation",
      targetType: "letter",
      targetId: id,
      before: before ? { locale, title: before.title, body: before.body, signatoryName: before.signatoryName, signatoryTitle: before.signatoryTitle, version: before.version } : null,
      after: { locale, ...fields, version: version + 1 },
    });
    return { id, locale, version: version + 1 };
  });
}
