/**
 * `npm run bench:nginx`: a crowd through nginx (the shipped deploy/nginx.conf, Debian's
 * nginx) in front of one app instance, and how many of those requests reached the origin.
 *
 * Starts the production server (scripts/start.ts, TRUST_PROXY=1) on PostgreSQL seeded
 * with BENCH_ACCOUNTS accounts (default 20,000: the origin's share does not depend on
 * the data), nginx in front with the config made local (test/helpers/behind-nginx.ts),
 * then runs autocannon for BENCH_SECONDS (10) per public path through nginx, BENCH_RUNS
 * (3) times. nginx's access log (with background-update subrequests) says which
 * requests were passed to the origin: the micro-cache should cost about one per path per
 * cache lifetime (5 s). Prints req/s and p99 per run, the median and spread, the origin
 * requests per cache lifetime, and the machine's load average around each run.
 *
 * Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/rp_bench_nginx),
 * BENCH_ACCOUNTS, BENCH_PORT (3266; nginx on the next), BENCH_SECONDS, BENCH_RUNS,
 * BENCH_CONNECTIONS (100).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { originRequests, startNginx } from "../test/helpers/behind-nginx";
import { benchTarget, ensureSeededDatabase, load, startBenchServer } from "./bench-server";

process.env.BENCH_ACCOUNTS ??= "20000";
process.env.BENCH_SECONDS ??= "10";
const t = benchTarget("nginx", { db: "rp_bench_nginx", port: 3266 });
const runs = Number(process.env.BENCH_RUNS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 100);
const cacheSeconds = 5;
const nginxPort = t.port + 1;

await ensureSeededDatabase(t);
const { stop } = await startBenchServer(t, { TRUST_PROXY: "1" });
const scratch = mkdtempSync(path.join(tmpdir(), "rp-bench-nginx-"));
const nginx = await startNginx({ port: nginxPort, upstreamPorts: [t.port], dir: scratch });
const viaNginx = { ...t, base: `http://127.0.0.1:${nginxPort}` };

interface Run {
  path: string;
  rps: number;
  p99: number;
  errors: number;
  origin: number;
  load: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

try {
  const incidents = (await (await fetch(`${t.base}/api/v1/incidents`)).json()) as { incidents?: { slug: string }[] };
  const slug = incidents.incidents?.[0]?.slug;
  const paths = ["/", "/api/v1/status", ...(slug ? [`/incidents/${slug}`] : [])];
  // Warm both (Next's first render of each page is slow).
  for (const p of paths) await fetch(viaNginx.base + p);
  const results: Run[] = [];
  for (let run = 1; run <= runs; run++) {
    for (const p of paths) {
      const before = nginx.accessLog().length;
      const loadBefore = loadavg()[0]!.toFixed(1);
      const row = await load(viaNginx, p, p, connections);
      // Let a background update started at the end land in the log.
      await new Promise((r) => setTimeout(r, 300));
      const origin = originRequests(nginx.accessLog().slice(before)).get(p) ?? 0;
      const r = { path: p, rps: row.rps, p99: row.p99, errors: row.errors, origin, load: `${loadBefore}->${loadavg()[0]!.toFixed(1)}` };
      results.push(r);
      console.log(
        `run ${run} ${p.padEnd(36)} ${r.rps.toFixed(0).padStart(7)} req/s  p99 ${String(r.p99).padStart(4)} ms  errors ${r.errors}  origin ${origin} in ${t.seconds} s  load ${r.load}`,
      );
    }
  }
  const lifetimes = t.seconds / cacheSeconds;
  console.log(`\nThrough nginx, ${connections} connections, ${t.seconds} s a run, ${runs} runs (cache lifetime ${cacheSeconds} s: ${lifetimes} per run); 2 cores shared`);
  console.log("path                                  req/s median (min-max)   p99 ms median (min-max)   origin req. per lifetime median (max)");
  for (const p of paths) {
    const rs = results.filter((r) => r.path === p);
    const rps = rs.map((r) => r.rps);
    const p99 = rs.map((r) => r.p99);
    const per = rs.map((r) => r.origin / lifetimes);
    console.log(
      `${p.padEnd(37)} ${median(rps).toFixed(0).padStart(6)} (${Math.min(...rps).toFixed(0)}-${Math.max(...rps).toFixed(0)})`.padEnd(64) +
        `${median(p99)} (${Math.min(...p99)}-${Math.max(...p99)})`.padEnd(26) +
        `${median(per).toFixed(2)} (${Math.max(...per).toFixed(2)})`,
    );
  }
  console.log(`errors: ${results.reduce((n, r) => n + r.errors, 0)}; load average (1 min) per run: ${results.map((r) => r.load).join(", ")}`);
} finally {
  await nginx.stop();
  await stop();
  rmSync(scratch, { recursive: true, force: true });
}
