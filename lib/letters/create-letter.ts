import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { createLetterSchema, type CreateLetterInput } from "./letter-schemas";

/** A new letter is a draft: the public sees nothing until it is published. */
export async function createLetter(db: DbClient, principal: Principal, input: CreateLetterInput): Promise<{ id: string; slug: string }> {
  authorize(principal.role, "letters:write");
  const data = createLetterSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: data.incidentId }, select: { id: true } });
    if (!incident) throw new AppError("NOT_FOUND", "This incident does not exist.", { field: "incidentId" });
    const taken = await tx.letter.findUnique({ where: { slug: data.slug }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", `A letter with the address ${data.slug} already exists.`, { field: "slug" });
    const letter = await tx.letter.create({ data, select: { id: true, slug: true } });
    await recordAudit(tx, principal.actor, { action: "letter.create", targetType: "letter", targetId: letter.id, after: data });
    return letter;
  });
}
