import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { enqueueEmail } from "../mail/enqueue-email";
import { caseReplySubject } from "../mail/templates/case-reply";
import { caseReplySchema, type CaseReplyInput } from "./case-schemas";

/**
 * A staff reply to the customer: a message they read on their private page and, through
 * the outbox in the same transaction, by email (kind case_reply, with a fresh private
 * link made when it is sent). The case moves to the state chosen with the reply
 * (waiting on the customer, unless support resolves it or keeps it open).
 */
export async function replyToCase(db: DbClient, principal: Principal, input: CaseReplyInput): Promise<{ caseId: number; messageId: number; emailQueued: boolean }> {
  authorize(principal.role, "cases:write");
  const reply = caseReplySchema.parse(input);
  return inTransaction(db, async (tx) => {
    const found = await tx.supportCase.findUnique({
      where: { id: reply.caseId },
      select: { state: true, accountId: true, account: { select: { email: true } }, category: { select: { label: true } } },
    });
    if (!found) throw new AppError("NOT_FOUND", "No such case.");
    const message = await tx.caseMessage.create({ data: { caseId: reply.caseId, kind: "reply", body: reply.body, authorId: principal.staffId }, select: { id: true } });
    await tx.supportCase.update({
      where: { id: reply.caseId },
      data: { state: reply.state, resolvedAt: reply.state === "resolved" ? new Date() : null },
    });
    const emailQueued = await enqueueEmail(tx, {
      dedupeKey: `case_reply:${message.id}`,
      kind: "case_reply",
      to: found.account.email,
      accountId: found.accountId,
      subject: caseReplySubject(found.category.label),
      payload: { caseId: reply.caseId, messageId: message.id },
    });
    await recordAudit(tx, principal.actor, {
      action: "case.reply",
      targetType: "support_case",
      targetId: reply.caseId,
      before: { state: found.state },
      after: { state: reply.state, messageId: message.id, emailQueued, length: reply.body.length },
    });
    return { caseId: reply.caseId, messageId: message.id, emailQueued };
  });
}
