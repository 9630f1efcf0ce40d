import { recordAudit } from "../audit/record-audit";
import { roleHas } from "../auth/permissions";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { caseAssignSchema, type CaseAssignInput } from "./case-schemas";

/** Gives a case to a staff member who may work cases ("" takes it back to nobody). */
export async function assignCase(db: DbClient, principal: Principal, input: CaseAssignInput): Promise<{ caseId: number; assigneeId: string | null }> {
  authorize(principal.role, "cases:write");
  const a = caseAssignSchema.parse(input);
  const assigneeId = a.assigneeId === "" ? null : a.assigneeId;
  return inTransaction(db, async (tx) => {
    const found = await tx.supportCase.findUnique({ where: { id: a.caseId }, select: { assigneeId: true } });
    if (!found) throw new AppError("NOT_FOUND", "No such case.");
    if (assigneeId) {
      const staff = await tx.staffUser.findUnique({ where: { id: assigneeId }, select: { role: true, banned: true } });
      if (!staff || staff.banned || !roleHas(staff.role, "cases:write")) {
        throw new AppError("VALIDATION", "Cases can only be assigned to support staff or admins.", { fields: { assigneeId: "Choose a support staff member." } });
      }
    }
    if (found.assigneeId === assigneeId) return { caseId: a.caseId, assigneeId };
    await tx.supportCase.update({ where: { id: a.caseId }, data: { assigneeId } });
    await recordAudit(tx, principal.actor, { action: "case.assign", targetType: "support_case", targetId: a.caseId, before: { assigneeId: found.assigneeId }, after: { assigneeId } });
    return { caseId: a.caseId, assigneeId };
  });
}
