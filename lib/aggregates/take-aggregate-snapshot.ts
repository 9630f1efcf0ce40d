import type { Driver } from "../db";

/**
 * One point of the recovery chart's time series: copies "category_aggregate" into
 * "aggregate_snapshot" for every incident whose figures moved since its last snapshot
 * (all of that incident's categories at one time, so the chart's table lines up).
 * One statement; an advisory lock taken inside it makes concurrent app instances take
 * one snapshot, not one each.
 */
export const SNAPSHOT_LOCK_KEY = 7_301_126;

export async function takeAggregateSnapshot(driver: Pick<Driver, "query">, takenAt: Date = new Date()): Promise<number> {
  const rows = await driver.query<{ n: number }>(
    `WITH lock AS (SELECT pg_try_advisory_xact_lock($2) AS ok),
     moved AS (
       SELECT DISTINCT g.incident_id
       FROM "category_aggregate" g
       LEFT JOIN LATERAL (
         SELECT s.accounts, s.restored, s.partial, s.unrecoverable, s.items_total, s.items_restored
         FROM "aggregate_snapshot" s
         WHERE s.incident_id = g.incident_id AND s.category_id = g.category_id
         ORDER BY s.taken_at DESC, s.id DESC
         LIMIT 1
       ) last ON true
       WHERE last.accounts IS NULL
          OR (last.accounts, last.restored, last.partial, last.unrecoverable, last.items_total, last.items_restored)
             IS DISTINCT FROM (g.accounts, g.restored, g.partial, g.unrecoverable, g.items_total, g.items_restored)
     ),
     inserted AS (
       INSERT INTO "aggregate_snapshot" ("incident_id", "category_id", "taken_at", "accounts", "restored", "partial", "unrecoverable", "items_total", "items_restored")
       SELECT g.incident_id, g.category_id, $1::timestamptz, g.accounts, g.restored, g.partial, g.unrecoverable, g.items_total, g.items_restored
       FROM "category_aggregate" g
       JOIN moved m ON m.incident_id = g.incident_id
       WHERE (SELECT ok FROM lock)
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM inserted`,
    [takenAt, SNAPSHOT_LOCK_KEY],
  );
  return rows[0]?.n ?? 0;
}
