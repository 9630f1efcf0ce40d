/**
 * `npm run bench:portal`: how the public portal holds a crowd, against the physical limit.
 *
 * Starts the production server (scripts/start.ts: next build if stale, then Next in
 * process) on PostgreSQL seeded with BENCH_ACCOUNTS accounts (default 1,000,000 x 6
 * categories; seeded once, reused after), then runs autocannon against `/` and
 * `/api/v1/status` (each with and without `Accept-Encoding: gzip`), and `/about` (a
 * page Next prerendered at build and answers itself, through its router and render
 * pipeline, on every request: the ceiling of a Next answer here), at 50 and 200 connections. Beside them, a bare Node `http` server
 * (bench/bare-server.ts, its own process) sends the same bytes from memory: the limit of
 * Node's HTTP stack on this machine. Prints req/s, p99, errors and the ratios.
 *
 * Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/rp_bench_portal),
 * BENCH_ACCOUNTS, BENCH_PORT (3110; the bare servers use the next two), BENCH_SECONDS (8).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { benchTarget, ensureSeededDatabase, load, printTable, startBenchServer, type Row } from "./bench-server";

const t = benchTarget("portal", { db: "rp_bench_portal", port: 3110 });
const gzip = { headers: { "accept-encoding": "gzip" } };

/** The bytes the portal sends for `p`, plain and gzipped, to hand to a bare server. */
async function captured(p: string, dir: string): Promise<{ plain: string; gzip: string; type: string }> {
  const plain = await fetch(`${t.base}${p}`, { headers: { "accept-encoding": "identity" } });
  const type = plain.headers.get("content-type") ?? "text/html";
  const files = { plain: path.join(dir, `${p.replaceAll("/", "_")}.body`), gzip: path.join(dir, `${p.replaceAll("/", "_")}.gz`), type };
  writeFileSync(files.plain, Buffer.from(await plain.arrayBuffer()));
  // undici's fetch would decode the body: ask node:http for the raw gzip bytes.
  const { request } = await import("node:http");
  const raw = await new Promise<Buffer>((resolve, reject) => {
    request(`${t.base}${p}`, { headers: { "accept-encoding": "gzip" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c)).on("end", () => resolve(Buffer.concat(chunks))).on("error", reject);
    })
      .on("error", reject)
      .end();
  });
  writeFileSync(files.gzip, raw);
  return files;
}

function startBare(port: number, files: { plain: string; gzip: string; type: string }): () => void {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/bare-server.ts", String(port), files.plain, files.gzip, files.type], { stdio: "ignore" });
  return () => child.kill("SIGTERM");
}

await ensureSeededDatabase(t);
const { stop } = await startBenchServer(t);
const stops: (() => unknown)[] = [stop];
try {
  const dir = mkdtempSync(path.join(tmpdir(), "rp-bench-portal-"));
  const bare = { "/": t.port + 1, "/api/v1/status": t.port + 2 } as const;
  for (const [p, port] of Object.entries(bare)) stops.push(startBare(port, await captured(p, dir)));
  await new Promise((r) => setTimeout(r, 1_000));
  const bareTarget = (p: keyof typeof bare) => ({ ...t, base: `http://127.0.0.1:${bare[p]}` });

  const paths = ["/about", "/", "/api/v1/status"];
  // Warm up every path (route modules load lazily, the JIT needs a moment).
  for (const p of paths) await load({ ...t, seconds: 2 }, p, p, 10);
  const rows: Row[] = [];
  const report = (row: Row) => {
    rows.push(row);
    console.log(`  ${row.path} @${row.connections}: ${row.rps.toFixed(0)} req/s, p99 ${row.p99} ms, ${row.errors} errors`);
  };
  for (const connections of [50, 200]) {
    report(await load(t, "/about", "/about", connections));
    for (const p of ["/", "/api/v1/status"] as const) {
      report(await load(t, p, p, connections));
      report(await load(bareTarget(p), `bare ${p}`, "/", connections));
      report(await load(t, `${p} gzip`, p, connections, gzip));
      report(await load(bareTarget(p), `bare ${p} gzip`, "/", connections, gzip));
    }
  }
  printTable(`Portal benchmark: ${t.accounts.toLocaleString("en-US")} accounts on PostgreSQL, ${t.seconds} s per run`, rows, "/about");
  console.log("\nAgainst the bare server (same bytes from memory):");
  for (const connections of [50, 200]) {
    for (const name of ["/", "/ gzip", "/api/v1/status", "/api/v1/status gzip"]) {
      const ours = rows.find((r) => r.path === name && r.connections === connections)!;
      const limit = rows.find((r) => r.path === `bare ${name}` && r.connections === connections)!;
      console.log(`  ${name.padEnd(22)} @${String(connections).padStart(3)}: ${(ours.rps / limit.rps).toFixed(2)}x bare`);
    }
  }
  const at = (p: string, c: number) => rows.find((r) => r.path === p && r.connections === c)!;
  const home = at("/", 200);
  const ok = home.rps >= 0.8 * at("bare /", 200).rps && home.errors === 0 && home.p99 < 250;
  console.log(`\nTarget (/ >= 0.8x the bare server, 0 errors and p99 < 250 ms at 200 connections): ${ok ? "met" : "NOT met"}`);
} finally {
  await Promise.all(stops.map((s) => s()));
}
