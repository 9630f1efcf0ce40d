import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "@/lib/backups/database-target";
import { queryOver, tableStats, type TableStat } from "@/lib/backups/table-stats";
import { openDatabase, type Database } from "@/lib/db";
import { migrate } from "@/lib/migrate";
import { seedDemo } from "@/lib/seed/seed-demo";
import { commands } from "@/scripts/cli/commands";
import { runCli } from "@/scripts/cli/run-cli";
import { engine, useTestDatabase } from "../helpers/db";

/**
 * The backup drill, through the CLI on this project's engine: back up, destroy the
 * database, restore, and compare every table's row count and a sample of its rows
 * with what was there. Then the refusals (a truncated file, a file from a newer
 * schema, a database that still has data), each leaving the database as it was. On
 * PostgreSQL also the move of an embedded install to an empty server database.
 */
const now = new Date("2026-11-26T12:00:00Z");
const work = mkdtempSync(path.join(tmpdir(), "rp-backup-drill-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(target: DatabaseTarget, argv: string[], db?: Database) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...argv, "--json"], commands, {
    target,
    ...(db ? { db } : {}),
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    stdin: Readable.from([]),
  });
  const text = out.join("\n");
  return { code, json: JSON.parse(text) as { error?: { code: string; message: string; details?: { reason?: string } } } & Record<string, unknown> };
}

/** Demo data plus what the seed does not write: queued and sent mail, audit entries. */
async function fill(db: Database): Promise<void> {
  await seedDemo(db, { accounts: 120, now, chunk: 60 });
  await db.driver.exec(`
    INSERT INTO email_outbox (dedupe_key, kind, to_address, account_id, subject, payload, status, attempts, sent_at, provider_message_id)
    SELECT 'drill:' || id, 'restore', email, id, 'Your data is back', jsonb_build_object('n', id), CASE WHEN id % 3 = 0 THEN 'sent'::"EmailStatus" ELSE 'queued'::"EmailStatus" END,
           id % 3, CASE WHEN id % 3 = 0 THEN now() END, CASE WHEN id % 3 = 0 THEN '<' || id || '@smtp>' END
      FROM account ORDER BY id LIMIT 40;
    INSERT INTO audit_log (actor_type, actor_label, action, target_type, target_id, after)
    SELECT 'system', 'drill', 'drill.entry', 'account', id::text, jsonb_build_object('i', id) FROM account ORDER BY id LIMIT 25;
  `);
}

/** What restore must bring back: all of it, and an audit log one entry (the restore) longer. */
function expectRestored(before: TableStat[], after: TableStat[]) {
  const strip = (s: TableStat[]) => s.filter((t) => t.table !== "audit_log" && t.table !== "_prisma_migrations");
  expect(strip(after)).toEqual(strip(before));
  expect(after.find((t) => t.table === "audit_log")?.rows).toBe((before.find((t) => t.table === "audit_log")?.rows ?? 0) + 1);
  for (const table of ["account", "impact", "restore_event", "email_outbox", "category_aggregate", "audit_log"]) {
    expect(after.find((t) => t.table === table)?.rows, table).toBeGreaterThan(0);
  }
}

/** The audit entries that were there before the restore, as text: unchanged by it. */
const auditBefore = (db: Pick<Database["driver"], "query">, maxId: number) =>
  db.query<{ row: string }>(`SELECT a::text AS row FROM audit_log a WHERE id <= $1 ORDER BY id`, [maxId]);

function truncatedCopies(file: string): string[] {
  const bytes = readFileSync(file);
  return [0.3, 0.9, 0.999].map((share) => {
    const cut = `${file}.cut-${share}`;
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * share)));
    return cut;
  });
}

describe.runIf(engine === "pglite")("backup drill, embedded PGlite", { timeout: 180_000 }, () => {
  const dataDir = path.join(work, "embedded");
  const target = { dataDir };
  const file = path.join(work, "embedded.tar.gz");
  let before: TableStat[];

  it("backs up, survives the loss of the data directory, restores every table", async () => {
    const db = await openDatabase({ dataDir });
    await migrate(db.driver);
    await fill(db);
    before = await tableStats(db.driver);
    await db.close();

    const backup = await cli(target, ["backup", file]);
    expect(backup.code).toBe(0);
    expect(backup.json).toMatchObject({ format: "pglite" });
    expect(statSync(file).size).toBeGreaterThan(0);

    rmSync(path.join(dataDir, "pglite"), { recursive: true, force: true });
    const restore = await cli(target, ["restore", file]);
    expect(restore.code, JSON.stringify(restore.json)).toBe(0);

    const restored = await openDatabase({ dataDir });
    try {
      expectRestored(before, await tableStats(restored.driver));
      const maxId = before.find((t) => t.table === "audit_log")!.rows;
      expect((await auditBefore(restored.driver, maxId)).length).toBe(maxId);
    } finally {
      await restored.close();
    }
  });

  it("refuses a truncated file, a newer schema and a database that has data, changing nothing", async () => {
    const current = async () => {
      const db = await openDatabase({ dataDir });
      try {
        return await tableStats(db.driver);
      } finally {
        await db.close();
      }
    };
    const start = await current();
    for (const cut of truncatedCopies(file)) {
      const run = await cli(target, ["restore", "--replace", cut]);
      expect(run.code, cut).toBe(1);
      expect(run.json.error?.details?.reason, cut).toBe("damaged");
    }
    const busy = await cli(target, ["restore", file]);
    expect(busy.code).toBe(1);
    expect(busy.json.error?.message).toMatch(/not empty: account \(120 rows\)/);

    // A backup of a database that a newer version of the portal has migrated.
    const newerDir = path.join(work, "newer");
    const newer = await openDatabase({ dataDir: newerDir });
    await migrate(newer.driver);
    await newer.driver.exec(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('future', 'x', now(), '29991231000000_from_the_future', 1)`);
    await newer.close();
    const newerFile = path.join(work, "newer.tar.gz");
    expect((await cli({ dataDir: newerDir }, ["backup", newerFile])).code).toBe(0);
    const refused = await cli(target, ["restore", "--replace", newerFile]);
    expect(refused.code).toBe(1);
    expect(refused.json.error?.details?.reason).toBe("newer-schema");
    expect(refused.json.error?.message).toMatch(/29991231000000_from_the_future/);

    expect(await current()).toEqual(start);
  });
});

describe.runIf(engine === "postgres")("backup drill, PostgreSQL", { timeout: 180_000 }, () => {
  it("backs up with pg_dump, survives a dropped schema, restores every table; refuses what it must", async () => {
    const db = await useTestDatabase();
    const target = { url: db.url!, dataDir: work };
    await fill(db);
    const before = await tableStats(db.driver);
    const file = path.join(work, "server.dump");
    const backup = await cli(target, ["backup", file]);
    expect(backup.code, JSON.stringify(backup.json)).toBe(0);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe("PGDMP");

    await db.driver.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    const restore = await cli(target, ["restore", file]);
    expect(restore.code, JSON.stringify(restore.json)).toBe(0);
    const after = await tableStats(db.driver);
    expectRestored(before, after);

    for (const cut of truncatedCopies(file)) {
      const run = await cli(target, ["restore", "--replace", cut]);
      expect(run.code, cut).toBe(1);
      expect(run.json.error?.details?.reason, cut).toBe("damaged");
    }
    const busy = await cli(target, ["restore", file]);
    expect(busy.json.error?.message).toMatch(/not empty: .*account \(120 rows\)/);

    const newer = await useTestDatabase();
    await newer.driver.exec(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ('future', 'x', now(), '29991231000000_from_the_future', 1)`);
    const newerFile = path.join(work, "newer.dump");
    expect((await cli({ url: newer.url!, dataDir: work }, ["backup", newerFile])).code).toBe(0);
    const refused = await cli(target, ["restore", "--replace", newerFile]);
    expect(refused.json.error?.details?.reason).toBe("newer-schema");
    expect(await tableStats(db.driver)).toEqual(after);

    // --replace over live data: one transaction, the data of the backup again.
    const replaced = await cli(target, ["restore", "--replace", file]);
    expect(replaced.code, JSON.stringify(replaced.json)).toBe(0);
    expect((await tableStats(db.driver)).find((t) => t.table === "account")?.rows).toBe(120);
  });

  it("moves an embedded install, outbox and audit log included, into an empty server database", async () => {
    const dataDir = path.join(work, "to-move");
    const source = await openDatabase({ dataDir });
    await migrate(source.driver);
    await fill(source);
    const target = await useTestDatabase({ migrated: false });
    try {
      await source.driver.exec("SET TimeZone = 'UTC'");
      const before = await tableStats(source.driver);
      const moved = await cli({ dataDir }, ["migrate-to-postgres", "--to", target.url!], source);
      expect(moved.code, JSON.stringify(moved.json)).toBe(0);

      const client = new pg.Client({ connectionString: target.url });
      await client.connect();
      try {
        await client.query("SET TimeZone = 'UTC'");
        const after = await tableStats(queryOver(client));
        expectRestored(before, after);
        // Sequences continue after the copied ids: a new outbox row does not collide.
        const next = await client.query<{ id: number }>(
          `INSERT INTO email_outbox (dedupe_key, kind, to_address, subject) VALUES ('after-move', 'restore', 'a@example.com', 's') RETURNING id`,
        );
        expect(next.rows[0]!.id).toBeGreaterThan(40);
      } finally {
        await client.end();
      }

      // Into a database that now has data: refused, naming it.
      const again = await cli({ dataDir }, ["migrate-to-postgres", "--to", target.url!], source);
      expect(again.code).toBe(1);
      expect(again.json.error?.message).toMatch(/is not empty: account \(120 rows\)/);
    } finally {
      await source.close();
    }
  });
});
