import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { saveLetterSchema, type SaveLetterInput } from "./letter-schemas";

/**
 * Saves the working copy (draft) of a letter on top of `version`. It never touches a
 * published revision: what the public reads changes only through publishLetter.
 */
export async function saveLetter(db: DbClient, principal: Principal, input: SaveLetterInput): Promise<{ id: string; version: number }> {
  authorize(principal.role, "letters:write");
  const { id, version, ...fields } = saveLetterSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const before = await tx.letter.findUnique({
      where: { id },
      select: { title: true, body: true, signatoryName: true, signatoryTitle: true, version: true },
    });
    if (!before) throw new AppError("NOT_FOUND", "This letter does not exist.");
    const updated = await tx.letter.updateMany({ where: { id, version }, data: { ...fields, version: { increment: 1 } } });
    if (updated.count === 0) {
      throw new AppError(
        "CONFLICT",
        `Someone else saved this letter (version ${before.version}) after you opened it (version ${version}). Nothing was overwritten.`,
        { current: before, yours: { ...fields, version } },
      );
    }
    await recordAudit(tx, principal.actor, { action: "letter.save_draft", targetType: "letter", targetId: id, before, after: { ...fields, version: version + 1 } });
    return { id, version: version + 1 };
  });
}
