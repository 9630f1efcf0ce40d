import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";
import { refreshEligibilityForRule } from "./refresh-remedy-eligibility";
import { parseRemedyCondition } from "./remedy-condition";

export const saveRemedyRuleSchema = z.object({
  incidentId: z.uuid(),
  /** Absent: a new rule. */
  id: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().positive().optional()),
  name: z.string().trim().min(1, "Name the remedy (shown to customers).").max(200),
  condition: z.string().trim().min(1, "Write a condition, for example: any unrecoverable or any partial below 50%.").max(1_000),
  offer: z.string().trim().min(1, "Say what is offered.").max(2_000),
});
export type SaveRemedyRuleInput = z.input<typeof saveRemedyRuleSchema>;

/** A statement over every account of an incident (measured: 6.8 s at 1,000,000 accounts under load). */
export const wholeIncidentTransaction = { timeout: 600_000, maxWait: 30_000 };

/**
 * Creates or changes a remedy rule; its condition is checked against the incident's
 * categories first (refused naming the part). Who qualifies is recomputed for the whole
 * incident in the same transaction (one statement: seconds at 1,000,000 accounts, so the
 * transaction may take longer than Prisma's default 5 s).
 */
export async function saveRemedyRule(db: DbClient, principal: Principal, input: SaveRemedyRuleInput): Promise<{ id: number }> {
  authorize(principal.role, "incidents:write");
  const r = parseInput(saveRemedyRuleSchema, input);
  return inTransaction(db, async (tx) => {
    const categories = await tx.dataCategory.findMany({ where: { incidentId: r.incidentId }, select: { id: true, key: true } });
    if (categories.length === 0) throw new AppError("NOT_FOUND", "No such incident (or it has no categories).");
    parseRemedyCondition(r.condition, categories);
    const data = { name: r.name, condition: r.condition, offer: r.offer };
    if (r.id) {
      const before = await tx.remedyRule.findFirst({ where: { id: r.id, incidentId: r.incidentId } });
      if (!before) throw new AppError("NOT_FOUND", "No such remedy rule in this incident.");
      await tx.remedyRule.update({ where: { id: r.id }, data });
      await refreshEligibilityForRule(tx, r.id);
      await recordAudit(tx, principal.actor, { action: "remedy.update", targetType: "remedy_rule", targetId: r.id, before: { name: before.name, condition: before.condition, offer: before.offer }, after: data });
      return { id: r.id };
    }
    const created = await tx.remedyRule.create({ data: { incidentId: r.incidentId, ...data }, select: { id: true } });
    await refreshEligibilityForRule(tx, created.id);
    await recordAudit(tx, principal.actor, { action: "remedy.create", targetType: "remedy_rule", targetId: created.id, after: data });
    return created;
  }, wholeIncidentTransaction);
}
