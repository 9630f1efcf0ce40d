import type { DbClient } from "../db";

/**
 * The dashboard's chart: for each kind of data, the share of accounts restored over
 * time, from the periodic aggregate snapshots (never from impact rows). At most
 * `points` points per category, evenly thinned, over the last `days` days.
 */
export interface RecoverySeries {
  key: string;
  label: string;
  points: { t: number; restoredShare: number }[];
}

export async function getRecoverySeries(db: DbClient, incidentId: string, options: { days?: number; points?: number } = {}): Promise<RecoverySeries[]> {
  const since = new Date(Date.now() - (options.days ?? 14) * 86_400_000);
  const maxPoints = options.points ?? 120;
  const [categories, snapshots] = await Promise.all([
    db.dataCategory.findMany({ where: { incidentId }, orderBy: { position: "asc" }, select: { id: true, key: true, label: true } }),
    db.aggregateSnapshot.findMany({
      where: { incidentId, takenAt: { gte: since } },
      orderBy: { takenAt: "asc" },
      take: 20_000,
      select: { categoryId: true, takenAt: true, accounts: true, restored: true },
    }),
  ]);
  return categories.map((c) => {
    const rows = snapshots.filter((s) => s.categoryId === c.id);
    const step = Math.max(1, Math.ceil(rows.length / maxPoints));
    const thinned = rows.filter((_, i) => i % step === 0 || i === rows.length - 1);
    return {
      key: c.key,
      label: c.label,
      points: thinned.map((s) => ({ t: s.takenAt.getTime(), restoredShare: s.accounts > 0 ? s.restored / s.accounts : 0 })),
    };
  });
}
