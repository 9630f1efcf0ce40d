import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { useTestDatabase, type TestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";
import { startMailSink, type MailSink } from "../helpers/mail-sink";

/**
 * Issue 10, the drill: the outbox in the state that stalled delivery (most rows deleted,
 * VACUUM ANALYZE with one left, then 100,000 queued), and a separate worker process
 * (`npm run worker`, scripts/worker.ts) delivers to a real SMTP sink. Its rate must match
 * a run on a table analysed after the messages were queued. With the old claim the stale
 * run managed a few messages a second (each claim re-ran its locking subquery once per
 * outbox row). DRILL_DUE of the 100,000 are due now (default 2,000; the rest wait a
 * day, as coalesced restore emails do), so the drill takes seconds; the rate is taken
 * from the first to the last message the sink accepted (process start-up excluded).
 * PostgreSQL only: a second process cannot share PGlite.
 */
const root = path.resolve(import.meta.dirname, "../..");
const due = Number(process.env.DRILL_DUE ?? 2_000);
const queued = 100_000;

async function prepare(db: Database, analyseAfterQueueing: boolean): Promise<void> {
  const { incident } = await createIncidentWithAccounts(db, { accounts: 1 });
  const update = await db.prisma.incidentUpdate.create({ data: { incidentId: incident.id, status: "recovering", body: "Drill." } });
  const q = db.driver.query.bind(db.driver);
  await q(
    `INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "subject", "status")
     SELECT 'old:' || g, 'incident_update', 'old' || g || '@example.com', 'Old', 'sent' FROM generate_series(1, $1::int) g`,
    [queued],
  );
  await q(`DELETE FROM "email_outbox" WHERE "id" < (SELECT max("id") FROM "email_outbox")`);
  await db.driver.exec(`VACUUM ANALYZE "email_outbox"`);
  await q(
    `INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "subject", "payload", "next_attempt_at")
     SELECT 'drill:' || g, 'incident_update', 'p' || g || '@example.com', 'Update', jsonb_build_object('updateId', $1::text),
            CASE WHEN g <= $3 THEN now() ELSE now() + interval '1 day' END
     FROM generate_series(1, $2::int) g`,
    [update.id, queued, due],
  );
  if (analyseAfterQueueing) await db.driver.exec(`ANALYZE "email_outbox"`);
  const [stats] = await q<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE relname = 'email_outbox'`);
  expect(stats!.reltuples).toBe(analyseAfterQueueing ? queued + 1 : 1);
}

/** Runs `scripts/worker.ts --until-idle` against the database; msg/s between the first and the last accepted message. */
async function deliver(db: TestDatabase, sink: MailSink): Promise<number> {
  sink.received.length = 0;
  const times: number[] = [];
  const push = sink.received.push.bind(sink.received);
  sink.received.push = (...items) => {
    for (let i = 0; i < items.length; i++) times.push(performance.now());
    return push(...items);
  };
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", "--until-idle"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "test",
      DATABASE_URL: db.url,
      SMTP_URL: sink.url,
      PUBLIC_URL: "http://drill.test",
      MAIL_CONCURRENCY: "10",
      MAIL_POLL_MS: "50",
    },
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  sink.received.push = push;
  expect(code).toBe(0);
  expect(sink.received).toHaveLength(due);
  const [left] = await db.driver.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "email_outbox" WHERE "status" = 'sent' AND "dedupe_key" LIKE 'drill:%'`);
  expect(left!.n).toBe(due);
  return (due - 1) / ((times[times.length - 1]! - times[0]!) / 1000);
}

describe("drill: a separate worker delivers from an outbox whose statistics say it is empty", () => {
  let sink: MailSink;
  afterAll(() => sink?.close());

  it(`delivers ${due.toLocaleString("en-US")} due of ${queued.toLocaleString("en-US")} queued as fast as on a freshly analysed table`, async () => {
    sink = await startMailSink();
    const stale = await useTestDatabase();
    await prepare(stale, false);
    const staleRate = await deliver(stale, sink);

    const fresh = await useTestDatabase();
    await prepare(fresh, true);
    const freshRate = await deliver(fresh, sink);

    console.warn(`drill (stale statistics): ${Math.round(staleRate)} msg/s stale, ${Math.round(freshRate)} msg/s freshly analysed (${(staleRate / freshRate).toFixed(2)}x)`);
    // The old claim ran at a few msg/s here (one claim of 80 took 9.5 s: ~1/40 of fresh).
    // A loaded machine has measured 0.37x (load average 15, the runs one after the other),
    // so the bar sits at a fifth: well above the stall, well below the noise.
    // outbox-plan-shape.test.ts proves the plan itself without timing.
    expect(staleRate).toBeGreaterThan(freshRate * 0.2);
  }, 300_000);
});
