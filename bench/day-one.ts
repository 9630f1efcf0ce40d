/**
 * `npm run bench:day-one`: the day of the loss, timed, through the real CLI
 * (`npm run cli -- ...`, one process per step, as an operator would type them), from an
 * empty database:
 *   1. create-incident (the CLI migrates the empty database first), published;
 *   2. import the accounts file (BENCH_ACCOUNTS accounts x 6 categories, default 1,000,000);
 *   3. publish-update --notify: the first update, its fan-out queued for every affected account;
 *   4. publish-letter --email: the letter, its fan-out queued for every affected account.
 * Prints each phase's wall time, the total against the 10-minute target, the emails queued
 * and the load average (the machine is shared). The file is generated beforehand under
 * bench/out/ (the customer's export, not part of the day's clock).
 *
 * BENCH_ENGINE=postgres (default; database rp_bench_day_one on BENCH_PG_URL, default
 * postgres://postgres@127.0.0.1:5432, dropped and created empty) or pglite (a fresh data
 * directory; run it shorter, e.g. BENCH_ACCOUNTS=50000: it prints how many accounts the
 * embedded database would take in 10 minutes at the rate measured, assuming it stays linear).
 */
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { affectedCategories, affectedCsvPath, writeAffectedCsv } from "./affected-csv";

const accounts = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const engine = process.env.BENCH_ENGINE === "pglite" ? "pglite" : "postgres";
const serverUrl = (process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432").replace(/\/$/, "");
const dbName = "rp_bench_day_one";
const targetSeconds = 600;
const load = () => loadavg().map((n) => n.toFixed(1)).join(" / ");

const csvPath = affectedCsvPath(accounts);
await writeAffectedCsv(csvPath, accounts);

let dataDir: string | undefined;
const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DEMO: "" };
if (engine === "postgres") {
  execFileSync("psql", [`${serverUrl}/postgres`, "-qc", `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`]);
  execFileSync("psql", [`${serverUrl}/postgres`, "-qc", `CREATE DATABASE ${dbName}`]);
  env.DATABASE_URL = `${serverUrl}/${dbName}`;
} else {
  dataDir = mkdtempSync(path.join(tmpdir(), "rp-day-one-"));
  env.DATABASE_URL = "";
  env.DATA_DIR = dataDir;
}

/** One CLI command in its own process; its wall time and what it printed. */
function cli(args: string[], stdin?: string): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.stdin.end(stdin ?? "");
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`cli ${args.join(" ")} exited ${code}:\n${stdout}\n${stderr}`));
      else resolve({ seconds: (performance.now() - started) / 1000, stdout });
    });
  });
}

console.log(`day one on ${engine}: ${accounts.toLocaleString("en-US")} accounts x ${affectedCategories.length} categories; load average ${load()}`);
const phases: { name: string; seconds: number }[] = [];
const phase = async (name: string, args: string[], stdin?: string) => {
  const { seconds, stdout } = await cli(args, stdin);
  phases.push({ name, seconds });
  console.log(`  ${name}: ${seconds.toFixed(1)} s (load ${load()})`);
  return stdout;
};

await phase("create-incident (migrates the empty database first)", [
  "create-incident",
  "--slug",
  "day-one",
  "--title",
  "Sync outage: some data is missing",
  "--categories",
  affectedCategories.join(","),
  "--publish",
]);
await phase("import", ["import", csvPath, "--incident", "day-one"]);
const update = await phase("first update, fan-out queued", ["publish-update", "--incident", "day-one", "--status", "investigating", "--notify", "--json"], "We know some of your data is missing. We are restoring it and will write to every affected customer.");
const letter = await phase(
  "letter to every affected account, fan-out queued",
  ["publish-letter", "--incident", "day-one", "--title", "What happened to your data", "--signatory", "Jane Doe, Chief Executive Officer", "--email", "--json"],
  "Dear {{name}},\n\nPart of your data went missing. Here is where it stands:\n\n{{categories}}\n\nWe are sorry.",
);
const total = phases.reduce((sum, p) => sum + p.seconds, 0);
const queued = (json: string) => (JSON.parse(json) as { emailsQueued?: number }).emailsQueued ?? 0;
console.log(`  emails queued: update ${queued(update).toLocaleString("en-US")}, letter ${queued(letter).toLocaleString("en-US")}`);
console.log(`total ${total.toFixed(1)} s (${(total / 60).toFixed(1)} min; target ${targetSeconds / 60} min: ${total <= targetSeconds ? "met" : "NOT met"}); load average ${load()}`);
if (engine === "pglite") {
  console.log(`embedded: about ${Math.floor((accounts * targetSeconds) / total).toLocaleString("en-US")} accounts in ${targetSeconds / 60} minutes at this rate (extrapolated linearly from ${accounts.toLocaleString("en-US")})`);
  rmSync(dataDir!, { recursive: true, force: true });
}
