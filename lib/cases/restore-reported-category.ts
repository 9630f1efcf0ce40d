import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import type { DbClient, Prisma } from "../db";
import { AppError } from "../errors";
import type { ImpactState } from "../generated/prisma/enums";
import { applyStateChanges } from "../restores/apply-state-changes";

/**
 * The bulk step for a systematic fault: every account with an unresolved case about one
 * category goes back to `restoring` in that category, through applyStateChanges (one
 * history event each, aggregates by the triggers), in two steps. The dry run counts what
 * would move, by current state; the change names that count and is refused if the set
 * has moved since. Each case affected gets an internal note saying so. One audit entry.
 */
export const reportedCategorySchema = z.object({
  incidentId: z.uuid(),
  categoryId: z.coerce.number().int().positive(),
});
export type ReportedCategory = z.input<typeof reportedCategorySchema>;

export const restoreReportedSchema = reportedCategorySchema.extend({
  note: z.string().trim().min(1, "Say why (each customer's history shows it).").max(1_000),
  expectedCount: z.coerce.number().int().min(0),
});
export type RestoreReportedInput = z.input<typeof restoreReportedSchema>;

/** Impacts in the category, not already restoring, of accounts with an unresolved case about it ($1 category). */
const reportedImpacts = `FROM "impact" im
  WHERE im."category_id" = $1 AND im."state" <> 'restoring'
    AND EXISTS (SELECT 1 FROM "support_case" c WHERE c."account_id" = im."account_id" AND c."category_id" = $1 AND c."state" <> 'resolved')`;

const batchSize = 20_000;

async function categoryOf(db: DbClient, incidentId: string, categoryId: number) {
  const category = await db.dataCategory.findFirst({ where: { id: categoryId, incidentId }, select: { id: true, key: true, label: true, incidentId: true } });
  if (!category) throw new AppError("NOT_FOUND", "No such category in this incident.");
  return category;
}

export async function previewRestoreReported(db: DbClient, input: ReportedCategory) {
  const r = reportedCategorySchema.parse(input);
  const category = await categoryOf(db, r.incidentId, r.categoryId);
  const rows = await db.$queryRawUnsafe<{ state: ImpactState; n: number }[]>(`SELECT im."state"::text AS "state", count(*)::int AS "n" ${reportedImpacts} GROUP BY 1 ORDER BY 1`, category.id);
  return { category, byState: rows, count: rows.reduce((a, b) => a + b.n, 0) };
}

export async function restoreReportedCategory(db: Prisma, principal: Principal, input: RestoreReportedInput) {
  authorize(principal.role, "cases:write");
  authorize(principal.role, "accounts:write");
  const c = restoreReportedSchema.parse(input);
  return db.$transaction(
    async (tx) => {
      const preview = await previewRestoreReported(tx, c);
      if (preview.count !== c.expectedCount) {
        throw new AppError("CONFLICT", `The number of accounts to move changed from ${c.expectedCount} to ${preview.count} since the dry run. Run the dry run again.`, {
          expected: c.expectedCount,
          current: preview.count,
        });
      }
      const { category } = preview;
      let applied = 0;
      // Each batch leaves the set (its impacts are restoring now), so the next is the next rows.
      for (;;) {
        const batch = await tx.$queryRawUnsafe<{ account_id: number }[]>(`SELECT im."account_id" ${reportedImpacts} ORDER BY im."account_id" LIMIT ${batchSize}`, category.id);
        if (batch.length === 0) break;
        const result = await applyStateChanges(
          tx,
          batch.map((b) => ({ accountId: b.account_id, categoryId: category.id, toState: "restoring" as const, note: c.note })),
          principal.actor,
        );
        applied += result.applied;
        if (result.applied === 0) break;
      }
      const noted = await tx.$executeRawUnsafe(
        `INSERT INTO "case_message" ("case_id", "kind", "body", "author_id")
         SELECT c."id", 'note', $2, $3 FROM "support_case" c WHERE c."category_id" = $1 AND c."state" <> 'resolved'`,
        category.id,
        `Moved back to restoring by the bulk step for reported ${category.label.toLowerCase()}: ${c.note}`,
        principal.staffId,
      );
      await recordAudit(tx, principal.actor, {
        action: "case.bulk_restoring",
        targetType: "data_category",
        targetId: category.id,
        before: { category: category.key, byState: preview.byState, accounts: preview.count },
        after: { category: category.key, state: "restoring", accounts: applied, casesNoted: noted, note: c.note },
      });
      return { category, applied, casesNoted: noted };
    },
    { timeout: 3_600_000, maxWait: 30_000 },
  );
}
