import { describe, expect, it } from "vitest";
import type { Claims } from "@/lib/outbox/claims";
import type { Marks } from "@/lib/outbox/marks";
import { runOutboxWorker } from "@/lib/outbox/run-outbox-worker";

/**
 * How often the delivery loop asks the database for work (lib/outbox/run-outbox-worker.ts),
 * with a fake queue: every claim is a database round trip, and a claim that finds nothing
 * is pure cost. Seen failing (2026-12-02): an idle worker claimed twice per poll (a second
 * runner woke from the same empty claim while the first still awaited its "anything
 * left?" check), and while the last claimed rows of a burst were being sent, every row
 * taken started another claim that found nothing (up to 3 at once, ~60 in a bench round of
 * 5,000), because a claim that ran ahead and came back empty did not hold the polling off.
 */
type Row = { id: number; attempts: number };

function fakeQueue(due: number) {
  let next = 1;
  let remaining = due;
  const claims: number[] = [];
  const queue: Claims<Row> = {
    async claim(limit) {
      await new Promise((r) => setTimeout(r, 1));
      const n = Math.min(limit, remaining);
      remaining -= n;
      claims.push(n);
      return Array.from({ length: n }, () => ({ id: next++, attempts: 1 }));
    },
    async release() {},
    async nothingPending() {
      return remaining === 0;
    },
  };
  return { queue, claims, add: (n: number) => (remaining += n) };
}

const marks: Marks = { sent() {}, flush: async () => {}, park: async () => {}, retryLater: async () => "retried" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the outbox loop's polling", () => {
  it("claims once per poll interval when nothing is due", async () => {
    const { queue, claims } = fakeQueue(0);
    const worker = runOutboxWorker<Row>({ claims: queue, marks, deliver: async () => ({ result: "sent", values: [] }), inFlight: 8, batchSize: 10, pollMs: 50, log: () => {}, describeError: String });
    await sleep(520);
    await worker.stop({ graceMs: 100 });
    // ~11 polls in 520 ms at 50 ms (each claim takes ~1 ms more); twice that was the bug.
    expect(claims.length).toBeGreaterThanOrEqual(6);
    expect(claims.length).toBeLessThanOrEqual(13);
  });

  it("stops claiming after an empty claim while it sends the last rows of a burst", async () => {
    const { queue, claims } = fakeQueue(200);
    let delivered = 0;
    const worker = runOutboxWorker<Row>({
      claims: queue,
      marks,
      deliver: async () => {
        await sleep(2);
        delivered++;
        return { result: "sent", values: [] };
      },
      inFlight: 4,
      batchSize: 20,
      pollMs: 1000,
      log: () => {},
      describeError: String,
    });
    while (delivered < 200) await sleep(5);
    await worker.stop({ graceMs: 100 });
    // 10 claims of 20, then the claims already running ahead when the queue ran dry (up to
    // 3 at once) find nothing; none after them: the poll interval (1 s) has not passed.
    expect(claims.filter((n) => n > 0)).toHaveLength(10);
    expect(claims.filter((n) => n === 0).length).toBeLessThanOrEqual(3);
  });

  it("still finds new mail after the poll interval", async () => {
    const { queue, add } = fakeQueue(5);
    let delivered = 0;
    const worker = runOutboxWorker<Row>({ claims: queue, marks, deliver: async () => {
        delivered++;
        return { result: "sent", values: [] };
      }, inFlight: 2, batchSize: 10, pollMs: 30, log: () => {}, describeError: String });
    while (delivered < 5) await sleep(5);
    add(3);
    const started = Date.now();
    while (delivered < 8) await sleep(5);
    expect(Date.now() - started).toBeLessThan(500);
    await worker.stop({ graceMs: 100 });
  });
});
