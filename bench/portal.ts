/**
 * `npm run bench:portal`: how the public portal holds a crowd.
 *
 * Starts the production server (scripts/start.ts: next build if stale, then Next in
 * process) on PostgreSQL seeded with BENCH_ACCOUNTS accounts (default 1,000,000 x 6
 * categories; seeded once, reused after), then runs autocannon against `/`,
 * `/api/v1/status` and the static `/about` page of the same app, at 50 and 200
 * connections, and prints req/s, p99 latency, errors and the ratio to the static page.
 *
 * Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/rp_bench_portal),
 * BENCH_ACCOUNTS, BENCH_PORT (3110), BENCH_SECONDS (8).
 */
import autocannon from "autocannon";
import { spawn, spawnSync } from "node:child_process";
import pg from "pg";
import { benchApplicationName, cancelStatementsOnExit, withApplicationName } from "./cancel-on-exit";

const url = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/rp_bench_portal");
const accounts = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const port = Number(process.env.BENCH_PORT ?? 3110);
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const base = `http://127.0.0.1:${port}`;
const dbName = url.pathname.slice(1);
// The server and the seed it may start carry this name; an interrupted bench ends their sessions.
const applicationName = benchApplicationName("portal");
const childDatabaseUrl = withApplicationName(url.toString(), applicationName);
cancelStatementsOnExit(url.toString(), applicationName);

async function ensureDatabase(): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const exists = (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName])).rowCount;
  if (!exists) await client.query(`CREATE DATABASE "${dbName.replaceAll('"', "")}"`);
  await client.end();
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  const seeded = await db.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'account'`).then(async (r) =>
    r.rows[0].n ? (await db.query(`SELECT count(*)::int AS n FROM "account"`)).rows[0].n : 0,
  );
  await db.end();
  if (seeded >= accounts) {
    console.log(`Using ${dbName}: ${seeded.toLocaleString("en-US")} accounts already seeded.`);
    return;
  }
  console.log(`Seeding ${accounts.toLocaleString("en-US")} accounts into ${dbName} (a minute or two for 1M)...`);
  const seed = spawnSync("npx", ["tsx", "scripts/seed.ts", "--accounts", String(accounts)], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: childDatabaseUrl },
  });
  if (seed.status !== 0) throw new Error("seeding failed");
}

async function waitForHealth(timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(`${base}/api/health`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not answer ${base}/api/health within ${timeoutMs / 1000} s`);
}

interface Row {
  path: string;
  connections: number;
  rps: number;
  p99: number;
  errors: number;
}

async function run(path: string, connections: number): Promise<Row> {
  const result = await autocannon({ url: `${base}${path}`, connections, duration: seconds, pipelining: 1 });
  return {
    path,
    connections,
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

await ensureDatabase();
const server = spawn("npx", ["tsx", "scripts/start.ts"], {
  env: { ...process.env, DATABASE_URL: childDatabaseUrl, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", MAIL_WORKER_IN_PROCESS: "0" },
  stdio: ["ignore", "inherit", "inherit"],
  detached: true,
});
const stop = () => {
  try {
    process.kill(-server.pid!, "SIGTERM");
  } catch {
    // already gone
  }
};
process.on("SIGINT", () => {
  stop();
  process.exit(130);
});

try {
  await waitForHealth(600_000);
  const paths = ["/about", "/", "/api/v1/status"];
  // Warm up every path (route modules load lazily, the JIT needs a moment).
  for (const p of paths) await autocannon({ url: `${base}${p}`, connections: 10, duration: 2 });
  const rows: Row[] = [];
  for (const connections of [50, 200]) {
    for (const p of paths) {
      const row = await run(p, connections);
      rows.push(row);
      console.log(`  ${p} @${connections}: ${row.rps.toFixed(0)} req/s, p99 ${row.p99} ms, ${row.errors} errors`);
    }
  }
  console.log(`\nPortal benchmark: ${accounts.toLocaleString("en-US")} accounts on PostgreSQL, ${seconds} s per run`);
  console.log("path              conns    req/s   p99 ms  errors  vs /about");
  for (const r of rows) {
    const ref = rows.find((x) => x.path === "/about" && x.connections === r.connections)!;
    console.log(
      `${r.path.padEnd(17)} ${String(r.connections).padStart(5)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(7)}  ${(r.rps / ref.rps).toFixed(2)}x`,
    );
  }
  const home200 = rows.find((r) => r.path === "/" && r.connections === 200)!;
  const static200 = rows.find((r) => r.path === "/about" && r.connections === 200)!;
  const ok = home200.rps >= 0.9 * static200.rps && home200.errors === 0 && home200.p99 < 250;
  console.log(`\nTarget (/ >= 0.9x static, 0 errors and p99 < 250 ms at 200 connections): ${ok ? "met" : "NOT met"}`);
} finally {
  stop();
}
