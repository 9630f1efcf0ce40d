import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";

export const setIncidentAwarenessSchema = z.object({
  incidentId: z.uuid(),
  /** From a datetime-local field (read as UTC) or an ISO 8601 time. */
  awareAt: z.preprocess(
    (v) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v) ? `${v}Z` : v),
    z.coerce.date({ message: "A date and time (UTC), e.g. 2026-11-30T14:05." }),
  ),
  dpoContact: z.string().trim().min(1, "Name the contact point the regulator can reach (Art. 33(3)(b)).").max(1_000),
});
export type SetIncidentAwarenessInput = z.input<typeof setIncidentAwarenessSchema>;

/** Records when the company became aware of the breach and who the regulator contacts; audited with the values before. */
export async function setIncidentAwareness(db: DbClient, principal: Principal, input: SetIncidentAwarenessInput): Promise<{ awareAt: Date }> {
  authorize(principal.role, "reports:issue");
  const r = parseInput(setIncidentAwarenessSchema, input);
  if (Number.isNaN(r.awareAt.getTime())) throw new AppError("VALIDATION", "Not a date.", { fields: { awareAt: "Not a date." } });
  if (r.awareAt.getTime() > Date.now() + 60_000) throw new AppError("VALIDATION", "The company cannot have become aware in the future.", { fields: { awareAt: "In the future." } });
  return inTransaction(db, async (tx) => {
    const before = await tx.incident.findUnique({ where: { id: r.incidentId }, select: { awareAt: true, dpoContact: true } });
    if (!before) throw new AppError("NOT_FOUND", "No such incident.");
    await tx.incident.update({ where: { id: r.incidentId }, data: { awareAt: r.awareAt, dpoContact: r.dpoContact } });
    await recordAudit(tx, principal.actor, {
      action: "incident.awareness",
      targetType: "incident",
      targetId: r.incidentId,
      before: { awareAt: before.awareAt?.toISOString() ?? null, dpoContact: before.dpoContact },
      after: { awareAt: r.awareAt.toISOString(), dpoContact: r.dpoContact },
    });
    return { awareAt: r.awareAt };
  });
}
