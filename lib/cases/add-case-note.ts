import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { caseNoteSchema, type CaseNoteInput } from "./case-schemas";

/** An internal note on a case: for staff only, never on the customer's page or in an email. */
export async function addCaseNote(db: DbClient, principal: Principal, input: CaseNoteInput): Promise<{ caseId: number; messageId: number }> {
  authorize(principal.role, "cases:write");
  const note = caseNoteSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const found = await tx.supportCase.findUnique({ where: { id: note.caseId }, select: { id: true } });
    if (!found) throw new AppError("NOT_FOUND", "No such case.");
    const message = await tx.caseMessage.create({ data: { caseId: note.caseId, kind: "note", body: note.body, authorId: principal.staffId }, select: { id: true } });
    await tx.supportCase.update({ where: { id: note.caseId }, data: { updatedAt: new Date() } });
    await recordAudit(tx, principal.actor, { action: "case.note", targetType: "support_case", targetId: note.caseId, after: { messageId: message.id, length: note.body.length } });
    return { caseId: note.caseId, messageId: message.id };
  });
}
