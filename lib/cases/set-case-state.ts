import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { caseStateChangeSchema, type CaseStateChangeInput } from "./case-schemas";

/** Open, waiting on the customer, resolved: support moves a case by hand (a reply moves it too). */
export async function setCaseState(db: DbClient, principal: Principal, input: CaseStateChangeInput): Promise<{ caseId: number; changed: boolean }> {
  authorize(principal.role, "cases:write");
  const change = caseStateChangeSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const found = await tx.supportCase.findUnique({ where: { id: change.caseId }, select: { state: true } });
    if (!found) throw new AppError("NOT_FOUND", "No such case.");
    if (found.state === change.state) return { caseId: change.caseId, changed: false };
    await tx.supportCase.update({ where: { id: change.caseId }, data: { state: change.state, resolvedAt: change.state === "resolved" ? new Date() : null } });
    await recordAudit(tx, principal.actor, { action: "case.state", targetType: "support_case", targetId: change.caseId, before: { state: found.state }, after: { state: change.state } });
    return { caseId: change.caseId, changed: true };
  });
}
