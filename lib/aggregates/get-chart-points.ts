import type { DbClient } from "../db";

/**
 * The recovery chart's series, for the status page, the incident page and the staff
 * dashboard alike: the rows the snapshot job (take-aggregate-snapshot.ts) copies from the
 * aggregates into "aggregate_snapshot", never a count of impacts. Each incident keeps at
 * most `maxTimes` of its distinct snapshot times, evenly spread, always the first and the
 * last; every category has a point at each kept time, so the chart's table lines up.
 */

/** One point of the recovery chart: counts of one category at one time. */
export interface ChartPoint {
  takenAt: string;
  category: string;
  accounts: number;
  restored: number;
  partial: number;
  unrecoverable: number;
}

export const MAX_CHART_TIMES = 60;

/** Keeps at most `max` evenly spread items, always the first and the last. */
export function thin<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const out: T[] = [];
  for (let i = 0; i < max; i++) {
    const item = items[Math.round((i * (items.length - 1)) / (max - 1))];
    if (item !== undefined) out.push(item);
  }
  return out;
}

/** Incident id -> its points, oldest first (an incident without snapshots maps to []). */
export async function getChartPoints(db: DbClient, incidentIds: string[], maxTimes = MAX_CHART_TIMES): Promise<Map<string, ChartPoint[]>> {
  const result = new Map<string, ChartPoint[]>(incidentIds.map((id) => [id, []]));
  if (incidentIds.length === 0) return result;
  const times = await db.aggregateSnapshot.groupBy({ by: ["incidentId", "takenAt"], where: { incidentId: { in: incidentIds } }, orderBy: { takenAt: "asc" } });
  const kept = incidentIds.flatMap((id) => thin(times.filter((t) => t.incidentId === id), maxTimes));
  if (kept.length === 0) return result;
  const keptTimes = [...new Set(kept.map((t) => t.takenAt.getTime()))].map((t) => new Date(t));
  // Incidents share snapshot times: a time kept for one incident is no point of another's.
  const isKept = new Set(kept.map((t) => `${t.incidentId} ${t.takenAt.getTime()}`));
  const snapshots = await db.aggregateSnapshot.findMany({
    where: { incidentId: { in: incidentIds }, takenAt: { in: keptTimes } },
    orderBy: [{ takenAt: "asc" }, { categoryId: "asc" }],
    select: { incidentId: true, takenAt: true, accounts: true, restored: true, partial: true, unrecoverable: true, category: { select: { key: true } } },
  });
  for (const s of snapshots) {
    if (!isKept.has(`${s.incidentId} ${s.takenAt.getTime()}`)) continue;
    result.get(s.incidentId)?.push({
      takenAt: s.takenAt.toISOString(),
      category: s.category.key,
      accounts: s.accounts,
      restored: s.restored,
      partial: s.partial,
      unrecoverable: s.unrecoverable,
    });
  }
  return result;
}
