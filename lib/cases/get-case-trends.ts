import type { DbClient } from "../db";

/**
 * Reports per category per day for one incident (the last `days` days, UTC), so that a
 * spike of "photos missing" stands out as a systematic fault rather than a hundred
 * separate complaints. One grouped read on support_case (category_id, created_at).
 * A day is a spike when it has at least `spikeMinimum` reports and at least three times
 * the category's average over the other days shown.
 */
export interface CaseTrends {
  days: string[];
  categories: { id: number; key: string; label: string; counts: number[]; total: number; spikes: boolean[]; openAccounts: number }[];
}

export const spikeMinimum = 5;

export async function getCaseTrends(db: DbClient, incidentId: string, options: { days?: number; now?: Date } = {}): Promise<CaseTrends> {
  const dayCount = options.days ?? 14;
  const now = options.now ?? new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days = Array.from({ length: dayCount }, (_v, i) => new Date(today - (dayCount - 1 - i) * 86_400_000).toISOString().slice(0, 10));
  const [categories, rows, open] = await Promise.all([
    db.dataCategory.findMany({ where: { incidentId }, orderBy: { position: "asc" }, select: { id: true, key: true, label: true } }),
    db.$queryRaw<{ category_id: number; day: string; n: number }[]>`
      SELECT "category_id", to_char(("created_at" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS "day", count(*)::int AS "n"
      FROM "support_case"
      WHERE "incident_id" = ${incidentId}::uuid AND "created_at" >= ${new Date(today - (dayCount - 1) * 86_400_000)}
      GROUP BY 1, 2`,
    db.$queryRaw<{ category_id: number; n: number }[]>`
      SELECT "category_id", count(DISTINCT "account_id")::int AS "n" FROM "support_case"
      WHERE "incident_id" = ${incidentId}::uuid AND "state" <> 'resolved' GROUP BY 1`,
  ]);
  const byKey = new Map(rows.map((r) => [`${r.category_id}:${r.day}`, r.n]));
  const openBy = new Map(open.map((r) => [r.category_id, r.n]));
  return {
    days,
    categories: categories.map((c) => {
      const counts = days.map((d) => byKey.get(`${c.id}:${d}`) ?? 0);
      const total = counts.reduce((a, b) => a + b, 0);
      const spikes = counts.map((n) => {
        const others = dayCount > 1 ? (total - n) / (dayCount - 1) : 0;
        return n >= spikeMinimum && n >= 3 * others;
      });
      return { ...c, counts, total, spikes, openAccounts: openBy.get(c.id) ?? 0 };
    }),
  };
}
