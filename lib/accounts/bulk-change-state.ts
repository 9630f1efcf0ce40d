import { z } from "zod";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { DbClient, Prisma } from "../db";
import { AppError } from "../errors";
import { impactStateSchema } from "../restores/impact-states";
import { applyStateChanges } from "../restores/apply-state-changes";

/**
 * "All pending contacts -> restoring": a state change by filter, in two steps. First
 * the count (countBulkChange), shown to the person who asked; then the change, which
 * names the count it was shown and is refused if the set has changed since. One
 * transaction, batches of applyStateChanges (one event per account, emails by the
 * usual rule), one audit entry for the whole change.
 */
const state = impactStateSchema;

export const bulkFilterSchema = z.object({
  incidentId: z.uuid().optional(),
  categoryKey: z.string().trim().min(1),
  fromState: state,
});
export type BulkFilter = z.input<typeof bulkFilterSchema>;

export const bulkChangeSchema = bulkFilterSchema
  .extend({
    toState: state,
    note: z.string().trim().min(1, "Say why (each customer's history shows it).").max(1_000),
    expectedCount: z.coerce.number().int().min(0),
  })
  .refine((c) => c.toState !== c.fromState, { path: ["toState"], message: "Choose a different state." });
export type BulkChangeInput = z.input<typeof bulkChangeSchema>;

const batchSize = 20_000;

async function resolveCategory(db: DbClient, incidentId: string | undefined, key: string) {
  const category = await db.dataCategory.findFirst({
    where: { key, ...(incidentId ? { incidentId } : {}) },
    orderBy: { incident: { startedAt: "desc" } },
    select: { id: true, key: true, label: true, incidentId: true },
  });
  if (!category) throw new AppError("NOT_FOUND", `No category "${key}".`);
  return category;
}

export async function countBulkChange(db: DbClient, filter: BulkFilter) {
  const f = bulkFilterSchema.parse(filter);
  const category = await resolveCategory(db, f.incidentId, f.categoryKey);
  // An index-only count on impact_category_id_state_idx, asked once per confirmation.
  const count = await db.impact.count({ where: { categoryId: category.id, state: f.fromState } });
  return { category, fromState: f.fromState, count };
}

export async function bulkChangeState(db: Prisma, input: BulkChangeInput, actor: Actor) {
  const c = bulkChangeSchema.parse(input);
  return db.$transaction(
    async (tx) => {
      const category = await resolveCategory(tx, c.incidentId, c.categoryKey);
      const current = await tx.impact.count({ where: { categoryId: category.id, state: c.fromState } });
      if (current !== c.expectedCount) {
        throw new AppError("CONFLICT", `The number of ${category.label.toLowerCase()} in state ${c.fromState} changed from ${c.expectedCount} to ${current} since you looked. Review the count again.`, {
          expected: c.expectedCount,
          current,
        });
      }
      let applied = 0;
      let emailsQueued = 0;
      // Each batch moves its rows out of the filter, so the next batch is the next rows.
      for (;;) {
        const batch = await tx.impact.findMany({
          where: { categoryId: category.id, state: c.fromState },
          select: { accountId: true },
          take: batchSize,
        });
        if (batch.length === 0) break;
        const result = await applyStateChanges(
          tx,
          batch.map((b) => ({ accountId: b.accountId, categoryId: category.id, toState: c.toState, note: c.note })),
          actor,
        );
        applied += result.applied;
        emailsQueued += result.emailsQueued;
        if (result.applied === 0) break;
      }
      await recordAudit(tx, actor, {
        action: "impact.bulk_change_state",
        targetType: "data_category",
        targetId: category.id,
        before: { category: category.key, state: c.fromState, accounts: current },
        after: { category: category.key, state: c.toState, accounts: applied, emailsQueued, note: c.note },
      });
      return { category, applied, emailsQueued };
    },
    { timeout: 3_600_000, maxWait: 30_000 },
  );
}
