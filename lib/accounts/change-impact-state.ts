import { z } from "zod";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Prisma } from "../db";
import { AppError } from "../errors";
import { impactStateSchema } from "../restores/impact-states";
import { applyStateChanges, type ChangeOutcome } from "../restores/apply-state-changes";

/**
 * Support moves one category of one account to a new state, with a note. Goes through
 * applyStateChanges (event, aggregates, coalesced restore email) and writes the audit
 * entry in the same transaction. The same schema validates the form and the server.
 */
const optionalCount = z.preprocess(
  (v) => (v === "" || v === null ? undefined : v),
  z.coerce.number().int().min(0).max(2_000_000_000).optional(),
);

export const changeImpactStateSchema = z
  .object({
    accountId: z.coerce.number().int().positive(),
    categoryId: z.coerce.number().int().positive(),
    toState: impactStateSchema,
    itemsRestored: optionalCount,
    itemsTotal: optionalCount,
    note: z.string().trim().min(1, "Say why (the customer's history shows it).").max(1_000),
  })
  .refine((c) => c.itemsRestored === undefined || c.itemsTotal === undefined || c.itemsRestored <= c.itemsTotal, {
    path: ["itemsRestored"],
    message: "Items restored cannot be more than items in total.",
  });
export type ChangeImpactStateInput = z.input<typeof changeImpactStateSchema>;

export async function changeImpactState(db: Prisma, input: ChangeImpactStateInput, actor: Actor): Promise<{ outcome: ChangeOutcome; emailsQueued: number }> {
  const change = changeImpactStateSchema.parse(input);
  return db.$transaction(async (tx) => {
    const before = await tx.impact.findUnique({
      where: { accountId_categoryId: { accountId: change.accountId, categoryId: change.categoryId } },
      select: { state: true, itemsTotal: true, itemsRestored: true, category: { select: { key: true } } },
    });
    if (!before) throw new AppError("NOT_FOUND", "This account has no such category.");
    const result = await applyStateChanges(tx, [{ ...change }], actor);
    const outcome = result.outcomes[0] ?? "not_found";
    if (outcome === "applied") {
      const after = await tx.impact.findUniqueOrThrow({
        where: { accountId_categoryId: { accountId: change.accountId, categoryId: change.categoryId } },
        select: { state: true, itemsTotal: true, itemsRestored: true },
      });
      await recordAudit(tx, actor, {
        action: "impact.change_state",
        targetType: "account",
        targetId: change.accountId,
        before: { category: before.category.key, state: before.state, itemsTotal: before.itemsTotal, itemsRestored: before.itemsRestored },
        after: { category: before.category.key, ...after, note: change.note },
      });
    }
    return { outcome, emailsQueued: result.emailsQueued };
  });
}
