import type { Driver } from "../db";
import { anyPendingSql, claimSql, reclaimExpiredSql, releaseSql, type OutboxTable } from "./outbox-sql";

/**
 * Claims and leases of an outbox queue. A claim marks rows "sending" for this worker
 * until `locked_until` (the lease) and counts an attempt; several workers never take the
 * same row (FOR UPDATE SKIP LOCKED). A worker that dies keeps its claims until their
 * lease runs out; then any worker returns them to the queue (or parks one that has used
 * every attempt: it keeps killing workers). Unstarted claims are released at once on a
 * clean stop, without using an attempt.
 */
export interface ClaimOptions {
  driver: Pick<Driver, "query">;
  table: OutboxTable;
  workerId: string;
  leaseSeconds: number;
  maxAttempts: number;
}

export interface Claims<Row> {
  /** Up to `limit` due rows, oldest due first; expired leases are reclaimed every few seconds first. */
  claim(limit: number): Promise<Row[]>;
  release(ids: number[]): Promise<void>;
  /** True when nothing is queued or being sent. */
  nothingPending(): Promise<boolean>;
}

export function createClaims<Row extends { id: number }>(o: ClaimOptions): Claims<Row> {
  let lastReclaim = 0;
  const reclaimEveryMs = Math.min(o.leaseSeconds * 500, 10_000);
  return {
    async claim(limit) {
      if (Date.now() - lastReclaim > reclaimEveryMs) {
        lastReclaim = Date.now();
        await o.driver.query(reclaimExpiredSql(o.table), [o.maxAttempts]);
      }
      const rows = await o.driver.query<Row>(claimSql(o.table), [o.workerId, o.leaseSeconds, limit]);
      return rows.sort((a, b) => a.id - b.id);
    },
    async release(ids) {
      if (ids.length === 0) return;
      await o.driver.query(releaseSql(o.table), [ids, o.workerId]);
    },
    async nothingPending() {
      return (await o.driver.query(anyPendingSql(o.table))).length === 0;
    },
  };
}
