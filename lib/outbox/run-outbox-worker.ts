import type { Claims } from "./claims";
import type { Marks } from "./marks";

/**
 * The delivery loop of an outbox queue, whatever it delivers (mail today; webhooks can
 * reuse it with their own `deliver`): claims run ahead of the senders (up to three at
 * once, so senders never wait for a batch's set-based `prepare`), `inFlight` deliveries
 * run at once, and each ends in a mark (lib/outbox/marks.ts).
 * - stop(): unstarted claims are released at once; in-flight deliveries get `graceMs`
 *   to finish; pending marks are flushed.
 * - until "idle": stop when nothing is due; "empty": when nothing is queued or sending.
 * Delivery is at least once (docs/decisions/006-mail-outbox-queue.md).
 */
export type Outcome =
  /** Delivered; `values` go to the mark's sentColumns. */
  | { result: "sent"; values: (string | null)[] }
  /** Nothing to deliver (marked sent, counted apart). */
  | { result: "skipped"; values: (string | null)[] }
  /** Try again after the backoff (parked after the last attempt). */
  | { result: "retry"; reason: string }
  /** Never deliverable as it stands: parked with the reason. */
  | { result: "park"; reason: string };

export interface OutboxWorkerStats {
  sent: number;
  skipped: number;
  retried: number;
  parked: number;
}

export interface OutboxWorker {
  readonly stats: OutboxWorkerStats;
  /** Resolves when the worker has stopped (after stop(), or when `until` was reached). */
  readonly done: Promise<void>;
  stop(options?: { graceMs?: number }): Promise<void>;
}

export interface OutboxWorkerOptions<Row extends { id: number; attempts: number }> {
  claims: Claims<Row>;
  marks: Marks;
  /** Set-based work for a claimed batch before any of its rows is delivered. */
  prepare?: (rows: Row[]) => Promise<void>;
  deliver: (row: Row) => Promise<Outcome>;
  inFlight: number;
  batchSize: number;
  pollMs: number;
  until?: "idle" | "empty";
  log: (message: string) => void;
  describeError: (error: unknown) => string;
  /** After the last mark (close a transport). */
  onStopped?: () => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const maxFillsAhead = 3;

export function runOutboxWorker<Row extends { id: number; attempts: number }>(o: OutboxWorkerOptions<Row>): OutboxWorker {
  const stats: OutboxWorkerStats = { sent: 0, skipped: 0, retried: 0, parked: 0 };
  const claimed: Row[] = [];
  const sleepers = new Set<() => void>();
  let stopping = false;
  let emptyUntil = 0;
  let filling: Promise<void> | null = null;
  let fillsRunning = 0;
  let inFlight = 0;
  const pollDelay = o.until ? Math.min(o.pollMs, 50) : o.pollMs;

  async function idle(ms: number): Promise<void> {
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    sleepers.add(wake);
    await Promise.race([sleep(ms), woken]);
    sleepers.delete(wake);
  }
  const wakeAll = () => sleepers.forEach((wake) => wake());

  async function fill(): Promise<void> {
    try {
      const rows = await o.claims.claim(o.batchSize);
      // Nothing due: no claim until the poll interval has passed, also from a claim that ran
      // ahead while the last claimed rows are being sent (each row taken would start another).
      if (rows.length === 0) emptyUntil = Date.now() + pollDelay;
      if (o.prepare && rows.length > 0) {
        try {
          await o.prepare(rows);
        } catch (error) {
          // deliver() sees what prepare could not do (and retries or parks that row).
          o.log(`preparing ${rows.length} messages failed: ${o.describeError(error)}`);
        }
      }
      claimed.push(...rows);
    } catch (error) {
      o.log(`claim failed: ${o.describeError(error)}`);
      await idle(o.pollMs);
    }
  }

  function startFill(): Promise<void> {
    fillsRunning++;
    const p = fill().finally(() => {
      fillsRunning--;
      if (filling === p) filling = null;
    });
    filling = p;
    return p;
  }

  async function nothingLeft(): Promise<boolean> {
    if (o.until === "idle") return true;
    if (o.until !== "empty") return false;
    return (await o.claims.nothingPending()) && inFlight === 0 && claimed.length === 0;
  }

  /** The next claimed row, claiming more when the local queue runs low; null = stop. */
  async function next(): Promise<Row | null> {
    for (;;) {
      if (stopping) return null;
      const row = claimed.shift();
      if (row) {
        if (fillsRunning < maxFillsAhead && claimed.length < o.batchSize * 2 && emptyUntil <= Date.now()) void startFill();
        return row;
      }
      if (filling) {
        await filling;
        continue;
      }
      const wait = emptyUntil - Date.now();
      if (wait > 0) {
        await idle(wait);
        continue;
      }
      await startFill();
      // fill() has set emptyUntil before any runner woken by the same empty claim runs, so
      // only this one asks whether anything is left (it used to set it after that await, and
      // a second runner claimed again meanwhile: two claims per poll).
      if (claimed.length === 0 && !stopping && fillsRunning === 0 && (await nothingLeft())) {
        stopping = true;
        wakeAll();
        return null;
      }
    }
  }

  async function settle(row: Row, outcome: Outcome): Promise<void> {
    switch (outcome.result) {
      case "sent":
      case "skipped":
        stats[outcome.result]++;
        o.marks.sent({ id: row.id, values: outcome.values });
        return;
      case "park":
        stats.parked++;
        await o.marks.park(row.id, outcome.reason);
        return;
      case "retry":
        stats[(await o.marks.retryLater(row, outcome.reason)) === "parked" ? "parked" : "retried"]++;
    }
  }

  async function runner(): Promise<void> {
    for (;;) {
      const row = await next();
      if (!row) return;
      inFlight++;
      try {
        await settle(row, await o.deliver(row));
      } catch (error) {
        // Marking the outcome failed (database away): the lease brings the row back.
        o.log(`message ${row.id}: ${o.describeError(error)}`);
      } finally {
        inFlight--;
      }
    }
  }

  const releaseUnstarted = () => o.claims.release(claimed.splice(0).map((r) => r.id));
  const runners = Promise.all(Array.from({ length: o.inFlight }, () => runner()));
  const done = runners.then(async () => {
    // A claim still running ahead would leave its rows "sending" until their lease ends.
    while (filling) await filling;
    await o.marks.flush();
    await releaseUnstarted();
    await o.onStopped?.();
  });

  return {
    stats,
    done,
    async stop({ graceMs = 10_000 } = {}) {
      stopping = true;
      wakeAll();
      await releaseUnstarted().catch((error: unknown) => o.log(`releasing claims failed: ${o.describeError(error)}`));
      await Promise.race([done, sleep(graceMs)]);
      await o.marks.flush();
    },
  };
}
