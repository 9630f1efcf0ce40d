/**
 * `npm run bench:state-changes`: a bulk state change file of BENCH_ROWS rows (default
 * 100,000: contacts -> restored and photos -> partial for BENCH_ROWS / 2 accounts) over the
 * demo seed, through the same code as the console: uploadStateChangeFile (store + check)
 * then confirmStateChangeFile (one transaction). Prints the time of each step, rows/s and
 * the peak RSS growth.
 *
 * PostgreSQL database rp_bench_state_changes on BENCH_PG_URL (default
 * postgres://postgres@127.0.0.1:5432), or BENCH_ENGINE=pglite for an in-memory PGlite.
 * The CSV and the stored upload go to bench/out/ (git-ignored).
 */
import { execFileSync } from "node:child_process";
import { createReadStream, createWriteStream, mkdirSync, statSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { benchApplicationName, cancelStatementsOnExit, withApplicationName } from "./cancel-on-exit";

const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const engine = process.env.BENCH_ENGINE === "pglite" ? "pglite" : "postgres";
const serverUrl = (process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432").replace(/\/$/, "");
const outDir = path.resolve("bench/out");
const csvPath = path.join(outDir, `state-changes-${rows}.csv`);
process.env.DATA_DIR = path.join(outDir, "state-changes-data");
process.env.MAIL_WORKER_IN_PROCESS = "false";
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const applicationName = benchApplicationName("state-changes");
if (engine === "postgres") cancelStatementsOnExit(`${serverUrl}/postgres`, applicationName);

// Imported after DATA_DIR is set: env() reads it once.
const { openDatabase } = await import("../lib/db");
const { migrate } = await import("../lib/migrate");
const { seedDemo } = await import("../lib/seed/seed-demo");
const { uploadStateChangeFile, confirmStateChangeFile } = await import("../lib/accounts/state-change-file-job");

async function generateCsv(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const out = createWriteStream(csvPath);
  out.write("account_ref,category,state,items_restored,items_total,note\n");
  let lines: string[] = [];
  for (let i = 1; i <= rows / 2; i++) {
    const ref = `SK-${String(i).padStart(7, "0")}`;
    lines.push(`${ref},contacts,restored,,,\n${ref},photos,partial,,,bench pass\n`);
    if (lines.length >= 5_000) {
      if (!out.write(lines.join(""))) await once(out, "drain");
      lines = [];
    }
  }
  out.end(lines.join(""));
  await once(out, "finish");
}

function measure() {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = Date.now();
  return () => {
    clearInterval(sampler);
    return { seconds: (Date.now() - started) / 1000, growth: Math.max(peak, process.memoryUsage().rss) - baseline };
  };
}

await generateCsv();
let url: string | undefined;
if (engine === "postgres") {
  execFileSync("psql", [`${serverUrl}/postgres`, "-qc", "DROP DATABASE IF EXISTS rp_bench_state_changes WITH (FORCE)"]);
  execFileSync("psql", [`${serverUrl}/postgres`, "-qc", "CREATE DATABASE rp_bench_state_changes"]);
  url = withApplicationName(`${serverUrl}/rp_bench_state_changes`, applicationName);
}
const db = await openDatabase(url ? { url, max: 4 } : { dataDir: "memory://" });
await migrate(db.driver);
const seeded = await seedDemo(db, { accounts: rows / 2 });
console.log(`${engine}: seeded ${seeded.accounts.toLocaleString("en-US")} accounts, ${seeded.impacts.toLocaleString("en-US")} impacts; file ${mb(statSync(csvPath).size)}, ${rows.toLocaleString("en-US")} rows`);

const actor = { type: "system" as const, id: null, label: "bench" };
const rate = (seconds: number) => `${Math.round(rows / seconds).toLocaleString("en-US")} rows/s`;
let done = measure();
const upload = await uploadStateChangeFile(db, { fileName: path.basename(csvPath), body: createReadStream(csvPath), maxBytes: 1024 ** 3, incidentId: seeded.incidentId }, actor);
let m = done();
const { report } = upload;
console.log(`check (upload + dry run): ${m.seconds.toFixed(1)} s = ${rate(m.seconds)}, RSS growth ${mb(m.growth)}; would change ${report.wouldChange}, unchanged ${report.unchanged}, rejected ${report.rejected}`);
if (report.rejected > 0) throw new Error(`rejected: ${JSON.stringify(report.errors.slice(0, 3))}`);

done = measure();
const result = await confirmStateChangeFile(db, { uploadId: upload.id, expectedChanges: report.wouldChange, note: "bench" }, actor);
m = done();
console.log(`confirm (one transaction): ${m.seconds.toFixed(1)} s = ${rate(m.seconds)}, RSS growth ${mb(m.growth)}; applied ${result.applied}, unchanged ${result.unchanged}, emails queued ${result.emailsQueued}`);
await db.close();
