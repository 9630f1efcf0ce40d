import autocannon from "autocannon";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import pg from "pg";
import { benchApplicationName, cancelStatementsOnExit, withApplicationName } from "./cancel-on-exit";

/**
 * What the HTTP benchmarks share: a PostgreSQL database seeded once with N demo accounts
 * (reused after), the production server (scripts/start.ts) on it, and autocannon runs
 * reported as one row each (req/s, p99, errors).
 */
export interface BenchTarget {
  url: URL;
  dbName: string;
  accounts: number;
  port: number;
  base: string;
  seconds: number;
  childDatabaseUrl: string;
}

export function benchTarget(bench: string, defaults: { db: string; port: number }): BenchTarget {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/${defaults.db}`);
  const port = Number(process.env.BENCH_PORT ?? defaults.port);
  // The server and the seed it may start carry this name; an interrupted bench ends their sessions.
  const applicationName = benchApplicationName(bench);
  cancelStatementsOnExit(url.toString(), applicationName);
  return {
    url,
    dbName: url.pathname.slice(1),
    accounts: Number(process.env.BENCH_ACCOUNTS ?? 1_000_000),
    port,
    base: `http://127.0.0.1:${port}`,
    seconds: Number(process.env.BENCH_SECONDS ?? 8),
    childDatabaseUrl: withApplicationName(url.toString(), applicationName),
  };
}

/** Creates the database if needed and seeds the demo with `accounts` accounts unless it has them. */
export async function ensureSeededDatabase(t: BenchTarget): Promise<void> {
  const admin = new URL(t.url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const exists = (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [t.dbName])).rowCount;
  if (!exists) await client.query(`CREATE DATABASE "${t.dbName.replaceAll('"', "")}"`);
  await client.end();
  const db = new pg.Client({ connectionString: t.url.toString() });
  await db.connect();
  const seeded = await db.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'account'`).then(async (r) =>
    r.rows[0].n ? (await db.query(`SELECT count(*)::int AS n FROM "account"`)).rows[0].n : 0,
  );
  await db.end();
  if (seeded >= t.accounts) {
    console.log(`Using ${t.dbName}: ${seeded.toLocaleString("en-US")} accounts already seeded.`);
    return;
  }
  console.log(`Seeding ${t.accounts.toLocaleString("en-US")} accounts into ${t.dbName} (a minute or two for 1M)...`);
  const seed = spawnSync("npx", ["tsx", "scripts/seed.ts", "--accounts", String(t.accounts)], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: t.childDatabaseUrl },
  });
  if (seed.status !== 0) throw new Error("seeding failed");
}

/** The production server on the bench database, in its own process group; resolves once /api/health answers. */
export async function startBenchServer(t: BenchTarget, extraEnv: Record<string, string> = {}): Promise<{ server: ChildProcess; stop: () => Promise<void> }> {
  // BENCH_CPU_PROF=DIR: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : [];
  // The young generation's size as `npm start` sets it (package.json, docs/decisions/048).
  const server = spawn(process.execPath, [...profile, "--max-semi-space-size=64", "--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: t.childDatabaseUrl,
      PORT: String(t.port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      MAIL_WORKER_IN_PROCESS: "0",
      ...extraEnv,
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  // Resolves once the server has stopped (it finishes the requests still in flight first),
  // so that the bench's exit hook (cancel-on-exit.ts) does not end their database sessions.
  const stop = (): Promise<void> => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    return Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref())]);
  };
  process.on("SIGINT", () => {
    void stop();
    process.exit(130);
  });
  const until = Date.now() + 600_000;
  for (;;) {
    try {
      if ((await fetch(`${t.base}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > until) {
      void stop();
      throw new Error(`server did not answer ${t.base}/api/health within 600 s`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return { server, stop };
}

export interface Row {
  path: string;
  connections: number;
  rps: number;
  p99: number;
  errors: number;
}

export type LoadOptions = Omit<autocannon.Options, "url" | "connections" | "duration">;

/** One autocannon run; `errors` counts socket errors, timeouts and answers whose status is not in `ok` (default 2xx). */
export async function load(
  t: BenchTarget,
  label: string,
  path: string,
  connections: number,
  options: LoadOptions & { ok?: number[] } = {},
): Promise<Row & { statusCodes: Record<string, number> }> {
  const { ok, ...rest } = options;
  // BENCH_ONLY=REGEX: run only the rows whose label matches (e.g. to profile one path).
  if (process.env.BENCH_ONLY && !new RegExp(process.env.BENCH_ONLY).test(label)) return { path: label, connections, rps: Number.NaN, p99: Number.NaN, errors: 0, statusCodes: {} };
  const result = await autocannon({ url: `${t.base}${path}`, connections, duration: t.seconds, pipelining: 1, ...rest });
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]));
  const unexpected = Object.entries(statusCodes)
    .filter(([code]) => (ok ? !ok.includes(Number(code)) : !code.startsWith("2")))
    .reduce((n, [, count]) => n + count, 0);
  return { path: label, connections, rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.timeouts + unexpected, statusCodes };
}

export function printTable(title: string, rows: Row[], reference: string): void {
  console.log(`\n${title}`);
  console.log("path                        conns    req/s   p99 ms  errors  vs " + reference);
  for (const r of rows) {
    const ref = rows.find((x) => x.path === reference && x.connections === r.connections);
    const ratio = ref ? `${(r.rps / ref.rps).toFixed(2)}x` : "";
    console.log(`${r.path.padEnd(27)} ${String(r.connections).padStart(5)} ${r.rps.toFixed(0).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(7)}  ${ratio}`);
  }
}
