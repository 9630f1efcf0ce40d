/**
 * `npm run bench:export`: the accounts, proof-of-notice and remedies exports of the demo
 * incident with BENCH_ACCOUNTS accounts (default 1,000,000 x 5 categories), streamed to /dev/null
 * through the same code as the CLI and the console (lib/exports/stream-export.ts).
 * Prints, per export, the time, rows/s, bytes and the process's peak RSS growth (bounded
 * memory: it must not grow with the row count). A few display names start with "=" so
 * the escaping is on the measured path. After seeding, one sent restore email per account
 * (so the evidence export has a row per account) and two remedy rules, saved through
 * saveRemedyRule: the time of the set-based eligibility computation for the whole incident
 * is printed too; every tenth qualifying account gets a claim.
 *
 * PostgreSQL database rp_bench_export on BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432)
 * (COPY path), or BENCH_ENGINE=pglite for an in-memory PGlite (paged path).
 * BENCH_REUSE=1 keeps an existing seeded database.
 */
import { execFileSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { benchApplicationName, cancelStatementsOnExit, withApplicationName } from "./cancel-on-exit";

const accounts = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const engine = process.env.BENCH_ENGINE === "pglite" ? "pglite" : "postgres";
const serverUrl = (process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432").replace(/\/$/, "");
process.env.DATA_DIR = path.resolve("bench/out/export-data");
process.env.MAIL_WORKER_IN_PROCESS = "false";
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const applicationName = benchApplicationName("export");
if (engine === "postgres") cancelStatementsOnExit(`${serverUrl}/postgres`, applicationName);

const { openDatabase } = await import("../lib/db");
const { migrate } = await import("../lib/migrate");
const { seedDemo, DEMO_INCIDENT_SLUG } = await import("../lib/seed/seed-demo");
const { streamExport } = await import("../lib/exports/stream-export");
const { saveRemedyRule } = await import("../lib/remedies/save-remedy-rule");
const { cliPrincipal } = await import("../lib/auth/principal");

const reuse = process.env.BENCH_REUSE === "1";
let url: string | undefined;
if (engine === "postgres") {
  if (!reuse) {
    execFileSync("psql", [`${serverUrl}/postgres`, "-qc", "DROP DATABASE IF EXISTS rp_bench_export WITH (FORCE)"]);
    execFileSync("psql", [`${serverUrl}/postgres`, "-qc", "CREATE DATABASE rp_bench_export"]);
  }
  url = withApplicationName(`${serverUrl}/rp_bench_export`, applicationName);
}
const db = await openDatabase(url ? { url, max: 4 } : { dataDir: "memory://" });
await migrate(db.driver);
if (!reuse || engine === "pglite") {
  const started = Date.now();
  const seeded = await seedDemo(db, { accounts });
  await db.driver.query(`UPDATE "account" SET "display_name" = '=HYPERLINK("http://evil.example","click") ' || "id" WHERE "id" % 1000 = 0`);
  console.log(`${engine}: seeded ${seeded.accounts.toLocaleString("en-US")} accounts, ${seeded.impacts.toLocaleString("en-US")} impacts in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const t = Date.now();
  await db.driver.query(
    `INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "account_id", "subject", "status", "attempts", "sent_at", "template_version", "language", "provider_message_id")
     SELECT 'bench:' || a."id", 'restore', a."email", a."id", 'An update on your data', 'sent', 1, now(), 'restore/1', 'en', 'bench-' || a."id" FROM "account" a`,
  );
  console.log(`${engine}: one sent restore email per account in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}
const incident = await db.prisma.incident.findUniqueOrThrow({ where: { slug: DEMO_INCIDENT_SLUG }, select: { id: true, _count: { select: { remedyRules: true } } } });
// Remedy rules once per database (a reused one keeps its rules and their eligibility).
if (incident._count.remedyRules === 0) {
  for (const [name, condition] of [["$100 credit", "any unrecoverable or any partial below 50%"], ["One free month", "any affected"]] as const) {
    const t = Date.now();
    await saveRemedyRule(db.prisma, cliPrincipal(), { incidentId: incident.id, name, condition, offer: name });
    const [n] = await db.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM "remedy_eligibility" e JOIN "remedy_rule" r ON r."id" = e."rule_id" WHERE r."name" = $1 AND e."qualifies"`, [name]);
    console.log(`remedy "${condition}": eligibility of ${(n?.n ?? 0).toLocaleString("en-US")} accounts computed and stored in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  await db.driver.query(
    `UPDATE "remedy_eligibility" SET "claimed_at" = now(), "claim_reference" = 'RM-' || "rule_id" || '-' || "account_id" WHERE "account_id" % 10 = 0 AND "qualifies"`,
  );
}

for (const kind of ["accounts", "evidence", "remedies"] as const) {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = Date.now();
  let bytes = 0;
  const { stream, rowCount } = await streamExport(db, kind, DEMO_INCIDENT_SLUG);
  await pipeline(
    stream,
    new Transform({ transform: (chunk: Buffer, _e, done) => ((bytes += chunk.length), done(null, chunk)) }),
    createWriteStream("/dev/null"),
  );
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  const rows = rowCount();
  console.log(
    `export ${kind}: ${rows.toLocaleString("en-US")} rows, ${mb(bytes)} in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString("en-US")} rows/s; ` +
      `peak RSS ${mb(peak)} (growth ${mb(Math.max(0, peak - baseline))})`,
  );
}
await db.close();
