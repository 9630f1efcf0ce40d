import type { Driver } from "../db";
import { retryDelaySeconds } from "./backoff";
import { markSentSql, parkSql, retryLaterSql, type OutboxTable } from "./outbox-sql";

/**
 * How a delivery attempt ends, written to the row. "sent" marks are batched (one UPDATE
 * per flush: every `flushMs` (20) or `flushSize` (100) rows) because they are the common case and a
 * mark per message doubled the worker's database round trips; a failure is written at
 * once. The batching is the duplicate window: a crash after the receiver accepted a
 * message and before its mark is flushed sends it again when the lease expires.
 */
export interface MarkOptions {
  driver: Pick<Driver, "query">;
  table: OutboxTable;
  /** Text columns a "sent" mark sets per row, in the order of Completion.values. */
  sentColumns: string[];
  /** Appended to the SET list of "sent" and "parked" marks (e.g. `"sent_at" = now()`). */
  sentExtraSet?: string;
  parkExtraSet?: string;
  maxAttempts: number;
  backoffBaseSeconds: number;
  flushMs?: number;
  flushSize?: number;
  log: (message: string) => void;
  describeError: (error: unknown) => string;
}

export interface Completion {
  id: number;
  /** One value per MarkOptions.sentColumns. */
  values: (string | null)[];
}

export interface Marks {
  sent(c: Completion): void;
  /** Writes the pending "sent" marks now (retrying a few times: losing them means sending again). */
  flush(): Promise<void>;
  park(id: number, reason: string): Promise<void>;
  /** Back to the queue after the backoff for this attempt, or parked when it was the last. */
  retryLater(row: { id: number; attempts: number }, reason: string): Promise<"retried" | "parked">;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createMarks(o: MarkOptions): Marks {
  const flushMs = o.flushMs ?? 20;
  // 100, not more: the unflushed marks are the duplicate window after a crash (drill (b)).
  const flushSize = o.flushSize ?? 100;
  const sentSql = markSentSql(o.table, o.sentColumns, o.sentExtraSet);
  let pending: Completion[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return flushing;
    const params = [batch.map((c) => c.id), ...o.sentColumns.map((_c, i) => batch.map((c) => c.values[i] ?? null))];
    flushing = flushing.then(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await o.driver.query(sentSql, params);
          return;
        } catch (error) {
          o.log(`marking ${batch.length} messages sent failed (attempt ${attempt}): ${o.describeError(error)}`);
          if (attempt >= 5) return;
          await sleep(200 * attempt);
        }
      }
    });
    return flushing;
  }

  async function park(id: number, reason: string) {
    await o.driver.query(parkSql(o.table, o.parkExtraSet), [id, reason.slice(0, 1000)]);
  }

  return {
    sent(c) {
      pending.push(c);
      if (pending.length >= flushSize) void flush();
      else timer ??= setTimeout(() => void flush(), flushMs);
    },
    flush,
    park,
    async retryLater(row, reason) {
      if (row.attempts >= o.maxAttempts) {
        await park(row.id, `gave up after ${row.attempts} attempts: ${reason}`);
        return "parked";
      }
      await o.driver.query(retryLaterSql(o.table), [row.id, reason.slice(0, 1000), retryDelaySeconds(row.attempts, o.backoffBaseSeconds)]);
      return "retried";
    },
  };
}
