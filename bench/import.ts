/**
 * `npm run bench:import`: 1,000,000 accounts x 6 categories (6,000,000 rows) imported into
 * PostgreSQL through the same code as the upload's commit (runImport: stream, validate,
 * COPY into staging, set checks, one-transaction merge), and next to it, in the same
 * run, the database's own best path for the same file: COPY into a staging table plus
 * one INSERT ... SELECT ... ON CONFLICT per real table.
 *
 * The CSV goes to bench/out/ (git-ignored). Databases: rp_bench_import and
 * rp_bench_import_copy on BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432).
 * BENCH_ACCOUNTS overrides the size.
 */
import { execFileSync } from "node:child_process";
import { createReadStream } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { openDatabase, type Database } from "../lib/db";
import { runImport } from "../lib/imports/run-import";
import { fileSource } from "../lib/imports/upload-source";
import { migrate } from "../lib/migrate";
import { affectedCategories as categories, affectedCsvPath, writeAffectedCsv } from "./affected-csv";
import { benchApplicationName, cancelStatementsOnExit, withApplicationName } from "./cancel-on-exit";

const accounts = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const serverUrl = (process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432").replace(/\/$/, "");
const csvPath = affectedCsvPath(accounts);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const applicationName = benchApplicationName("import");
cancelStatementsOnExit(`${serverUrl}/postgres`, applicationName);

const generateCsv = () => writeAffectedCsv(csvPath, accounts);

function recreateDatabase(name: string): string {
  execFileSync("psql", [`${serverUrl}/postgres`, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
  execFileSync("psql", [`${serverUrl}/postgres`, "-qc", `CREATE DATABASE ${name}`]);
  return withApplicationName(`${serverUrl}/${name}`, applicationName);
}

async function prepare(url: string): Promise<{ db: Database; incidentId: string }> {
  const db = await openDatabase({ url, max: 4 });
  await migrate(db.driver);
  const incident = await db.prisma.incident.create({
    data: {
      slug: "bench",
      title: "Bench incident",
      summary: "Import benchmark",
      startedAt: new Date(),
      categories: { create: categories.map((key, i) => ({ key, label: key, position: i + 1 })) },
    },
  });
  return { db, incidentId: incident.id };
}

async function importThroughApp(): Promise<number> {
  const { db, incidentId } = await prepare(recreateDatabase("rp_bench_import"));
  const job = await db.prisma.importJob.create({ data: { incidentId, fileName: path.basename(csvPath) } });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const started = Date.now();
  const report = await runImport(db, {
    jobId: job.id,
    source: fileSource(csvPath),
    commit: true,
    actor: { type: "system", id: null, label: "bench" },
    coalesceSeconds: 300,
  });
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (report.status !== "applied") throw new Error(`import did not apply: ${JSON.stringify(report.errors.slice(0, 3))}`);
  const rows = report.rowsApplied;
  console.log(`app import (runImport, commit): ${rows.toLocaleString("en-US")} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString("en-US")} rows/s`);
  console.log(`  summary ${JSON.stringify(report.summary)}`);
  const saved = await db.prisma.importJob.findUniqueOrThrow({ where: { id: job.id }, select: { progress: true } });
  console.log(`  phases (s) ${JSON.stringify((saved.progress as { timings?: unknown }).timings)}`);
  console.log(`  RSS before ${mb(baseline)}, peak ${mb(peak)}, growth ${mb(peak - baseline)}`);
  await db.close();
  return seconds;
}

async function importThroughCopy(): Promise<number> {
  const { db, incidentId } = await prepare(recreateDatabase("rp_bench_import_copy"));
  await db.close();
  const client = new pg.Client({ connectionString: withApplicationName(`${serverUrl}/rp_bench_import_copy`, applicationName) });
  await client.connect();
  await client.query(`CREATE UNLOGGED TABLE "stage" ("account_ref" text, "email" text, "display_name" text, "locale" text,
    "category" text, "state" text, "items_total" int, "items_restored" int)`);
  const started = Date.now();
  await pipeline(createReadStream(csvPath), client.query(copyFrom(`COPY "stage" FROM STDIN WITH (FORMAT csv, HEADER true)`)));
  const copied = (Date.now() - started) / 1000;
  await client.query("BEGIN");
  await client.query(
    `INSERT INTO "account" ("external_ref", "email", "display_name", "locale", "updated_at")
     SELECT DISTINCT ON ("account_ref") "account_ref", lower("email"), "display_name", "locale", now() FROM "stage"
     ON CONFLICT ("external_ref") DO UPDATE SET "email" = EXCLUDED."email", "display_name" = EXCLUDED."display_name", "locale" = EXCLUDED."locale"`,
  );
  await client.query(
    `INSERT INTO "impact" ("incident_id", "account_id", "category_id", "state", "items_total", "items_restored", "updated_at")
     SELECT $1::uuid, a."id", c."id", s."state"::"ImpactState", coalesce(s."items_total", 0), coalesce(s."items_restored", 0), now()
     FROM "stage" s JOIN "account" a ON a."external_ref" = s."account_ref" JOIN "data_category" c ON c."incident_id" = $1::uuid AND c."key" = s."category"
     ON CONFLICT ("account_id", "category_id") DO NOTHING`,
    [incidentId],
  );
  await client.query(
    `INSERT INTO "restore_event" ("account_id", "category_id", "from_state", "to_state", "items_total", "items_restored", "actor_type", "note")
     SELECT "account_id", "category_id", NULL, "state", "items_total", "items_restored", 'import', 'bench' FROM "impact" WHERE "state" <> 'pending'`,
  );
  await client.query("COMMIT");
  const seconds = (Date.now() - started) / 1000;
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "impact"`);
  console.log(`database best path (COPY ${copied.toFixed(1)} s + INSERT ... SELECT ... ON CONFLICT): ${rows[0]!.n.toLocaleString("en-US")} rows in ${seconds.toFixed(1)} s = ${Math.round(rows[0]!.n / seconds).toLocaleString("en-US")} rows/s`);
  await client.end();
  return seconds;
}

await generateCsv();
const app = await importThroughApp();
const copy = await importThroughCopy();
console.log(`ratio app / best path: ${(app / copy).toFixed(2)}x (target <= 1.30x)`);
