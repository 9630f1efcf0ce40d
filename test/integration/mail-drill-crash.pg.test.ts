import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db";
import { migrate } from "@/lib/migrate";
import { createIncidentWithAccounts } from "../helpers/factories";
import { startMailSink } from "../helpers/mail-sink";

/**
 * Drill (b): a worker process is killed with SIGKILL in the middle of 2,000 sends and
 * started again. Nothing may be lost; duplicates are only possible for messages the SMTP
 * server accepted but the dead worker had not yet marked sent, and they are counted.
 * Separate worker processes need PostgreSQL (PGlite belongs to one process), so this is a
 * *.pg.test.ts file: it runs in the PostgreSQL project, against TEST_DATABASE_URL.
 */
const serverUrl = process.env.TEST_DATABASE_URL!;
const root = path.resolve(import.meta.dirname, "../..");

async function admin(sql: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query(sql);
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const name = `rp_drill_${randomBytes(5).toString("hex")}`;
if (!(await admin(`CREATE DATABASE ${name}`))) throw new Error(`drill (b) could not create its database on ${serverUrl}`);

describe("drill (b): worker killed with SIGKILL mid-run", () => {
  let db: Database;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  afterAll(async () => {
    await db?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it("loses nothing across a crash and counts the duplicates", async () => {
    db = await openDatabase({ url: url.toString(), max: 2 });
    await migrate(db.driver);
    const { incident } = await createIncidentWithAccounts(db, { accounts: 1 });
    const update = await db.prisma.incidentUpdate.create({ data: { incidentId: incident.id, status: "recovering", body: "Drill." } });
    const total = 2000;
    const ids = (
      await db.driver.query<{ id: number }>(
        `INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "subject", "payload")
         SELECT 'drill-b:' || g, 'incident_update', 'p' || g || '@example.com', 'Update', jsonb_build_object('updateId', $1::text)
         FROM generate_series(1, $2::int) g RETURNING "id"`,
        [update.id, total],
      )
    ).map((r) => r.id);
    const sink = await startMailSink();
    const worker = () =>
      spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts", "--until-empty"], {
        cwd: root,
        stdio: "ignore",
        env: {
          PATH: process.env.PATH,
          NODE_ENV: "test",
          DATABASE_URL: url.toString(),
          SMTP_URL: sink.url,
          PUBLIC_URL: "http://drill.test",
          MAIL_CONCURRENCY: "10",
          MAIL_LEASE_SECONDS: "2",
          MAIL_POLL_MS: "50",
          MAIL_BACKOFF_BASE_SECONDS: "0.05",
        },
      });
    const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

    const first = worker();
    const firstExit = exited(first);
    const deadline = Date.now() + 60_000;
    while (sink.received.length < total * 0.3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    first.kill("SIGKILL");
    await firstExit;
    const beforeCrash = sink.received.length;
    expect(beforeCrash).toBeGreaterThan(0);
    expect(beforeCrash).toBeLessThan(total);

    const second = worker();
    expect(await exited(second)).toBe(0);

    const expected = ids.map((id) => `<outbox-${id}@drill.test>`);
    const lost = expected.filter((m) => !sink.counts.get(m));
    const duplicates = expected.filter((m) => (sink.counts.get(m) ?? 0) > 1).length;
    console.warn(`drill (b): ${total} messages, ${beforeCrash} delivered before SIGKILL, lost ${lost.length}, duplicates ${duplicates}`);
    expect(lost).toEqual([]);
    // Only the few messages in flight or awaiting their batched "sent" mark can repeat.
    expect(duplicates).toBeLessThanOrEqual(150);
    const [counts] = await db.driver.query<{ sent: number; other: number }>(
      `SELECT count(*) FILTER (WHERE "status" = 'sent')::int AS "sent", count(*) FILTER (WHERE "status" <> 'sent')::int AS "other" FROM "email_outbox"`,
    );
    expect(counts).toEqual({ sent: total, other: 0 });
    await sink.close();
  }, 180_000);
});
