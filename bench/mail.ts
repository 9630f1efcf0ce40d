/**
 * `npm run bench:mail` (docs/readme/mail.md): on PostgreSQL seeded with 1,000,000 accounts
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/rp_bench_mail npm run db:seed -- --accounts 1000000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/rp_bench_mail npm run bench:mail
 * (the npm script runs it with the servers' young generation size, --max-semi-space-size=64: decision 048)
 * 1. Marks 100,000 accounts' contacts restored through the pipeline API (the route
 *    handler, batches of 10,000) until all their restore emails are queued; next to it
 *    the same change for another 100,000 accounts as raw set-based SQL, batches taking
 *    turns. Each path first runs one untimed batch of 1,000 other accounts (the first
 *    call of each compiles: Prisma's query plan cache, JIT), so both are timed warm.
 *    The API's time runs from the request to its parsed response (the client building
 *    the items and the request body is not counted).
 * 2. Delivers the queued restore emails through the mail worker to a local smtp-server
 *    sink; next to it, bare pooled nodemailer sends the same messages (500 of those the
 *    worker sent in its round, spread evenly, with the same headers, built by
 *    lib/mail/transport.ts smtpMessage) the same number of times: what is left is the
 *    worker's own cost per message.
 *    After an untimed warm-up round of each, BENCH_ROUNDS (1) rounds each, taking turns.
 * BENCH_ACCOUNTS (100000), BENCH_BATCH (10000), BENCH_DELIVER (20000; 0 skips part 2), BENCH_ROUNDS (1), MAIL_CONCURRENCY (10);
 * BENCH_CPU_PROFILE=<dir> writes a CPU profile of each timed delivery round there;
 * BENCH_SQL_STATS=1 prints each round's WAL, CPU (this process, its database backends) and the worker's statements.
 */
import { readFileSync } from "node:fs";
import { benchApplicationName, cancelStatementsOnExit, withApplicationName } from "./cancel-on-exit";
import { rawRestoreSql } from "./raw-restore-sql";

process.env.MAIL_COALESCE_SECONDS = "0";
process.env.PUBLIC_URL ??= "http://bench.test";
if (process.env.DATABASE_URL) {
  // Ctrl-C in the middle of a batch must not leave its statement running (cancel-on-exit.ts).
  const applicationName = benchApplicationName("mail");
  process.env.DATABASE_URL = withApplicationName(process.env.DATABASE_URL, applicationName);
  cancelStatementsOnExit(process.env.DATABASE_URL, applicationName);
}

const { default: nodemailer } = await import("nodemailer");
const { POST } = await import("../app/api/v1/restores/route");
const { createApiKey } = await import("../lib/auth/api-keys");
const { closeDatabase, database } = await import("../lib/db");
const { env, publicUrl } = await import("../lib/env");
const { migrate } = await import("../lib/migrate");
const { createSmtpTransport, listIdFor, smtpMessage } = await import("../lib/mail/transport");
type MailTransport = import("../lib/mail/transport").MailTransport;
type OutgoingMessage = import("../lib/mail/transport").OutgoingMessage;
const { startMailWorker } = await import("../lib/mail/worker");
const { emailOutbox } = await import("../lib/mail/outbox-row");
const { claimSql } = await import("../lib/outbox/outbox-sql");
const { startMailSink } = await import("../test/helpers/mail-sink");

const accountsPerPath = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const batchSize = Number(process.env.BENCH_BATCH ?? 10_000);
const deliverWanted = Number(process.env.BENCH_DELIVER ?? 20_000);
const connections = env().MAIL_CONCURRENCY;
if (!env().DATABASE_URL) throw new Error("Set DATABASE_URL to a PostgreSQL database seeded with 1,000,000 accounts.");

const db = await database();
await migrate(db.driver);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const run = Date.now().toString(36);

// ---- preparation (not timed): 2 x N accounts whose contacts are not yet terminal
const [{ n: accountCount } = { n: 0 }] = await db.driver.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "account"`);
const [category] = await db.driver.query<{ id: number; incident_id: string; slug: string }>(
  `SELECT c."id", c."incident_id", i."slug" FROM "data_category" c JOIN "incident" i ON i."id" = c."incident_id" WHERE c."key" = 'contacts' LIMIT 1`,
);
if (!category) throw new Error("No contacts category: seed the database first.");
const warmUp = 1_000;
console.log(`Database: ${accountCount.toLocaleString("en-US")} accounts. Preparing ${2 * accountsPerPath + 2 * warmUp} accounts (contacts -> restoring)...`);
const picked = await db.driver.query<{ id: number; external_ref: string }>(
  `SELECT a."id", a."external_ref" FROM "account" a JOIN "impact" im ON im."account_id" = a."id" AND im."category_id" = $1
   WHERE im."state" <> 'not_affected' ORDER BY a."id" LIMIT $2`,
  [category.id, 2 * accountsPerPath + 2 * warmUp],
);
const ids = picked.map((p) => p.id);
await db.driver.query(`UPDATE "impact" SET "state" = 'restoring', "items_restored" = 0 WHERE "category_id" = $1 AND "account_id" = ANY($2::int[])`, [category.id, ids]);
await db.driver.query(`DELETE FROM "email_outbox" WHERE "account_id" = ANY($1::int[]) OR "dedupe_key" LIKE 'bench-bare:%'`, [ids]);
await db.driver.query(`UPDATE "email_outbox" SET "status" = 'failed' WHERE "status" IN ('queued', 'sending')`);
await db.driver.query(`VACUUM ANALYZE "impact"`);
await db.driver.query(`VACUUM ANALYZE "email_outbox"`);
// A freshly seeded database (autovacuum off here) has no statistics and no hint bits on
// these: both paths' first reads would set them (dirtying pages) at random.
await db.driver.query(`VACUUM ANALYZE "account"`);
await db.driver.query(`VACUUM ANALYZE "restore_event"`);
const apiRefs = picked.slice(0, accountsPerPath).map((p) => p.external_ref);
const rawRefs = picked.slice(accountsPerPath, 2 * accountsPerPath).map((p) => p.external_ref);
const warmRefs = picked.slice(2 * accountsPerPath).map((p) => p.external_ref);
const key = await createApiKey(db.prisma, { name: `bench-${run}`, scopes: ["restores:write"] });

// ---- 1. the pipeline API next to the same change as raw set-based SQL. Batches take
// turns (API, raw, API, ...) so that cache warm-up, checkpoints and autovacuum fall on
// both paths alike; each path's time is the sum of its own batches.
let queued = 0;
let apiMs = 0;
let rawMs = 0;
const batchRatios: number[] = [];
// CPU ms per path, of this process and of this run's database backends (/proc, backendCpu
// below): less moved by the machine's load than wall time, which a busy neighbour stretches.
const cpu = { api: { node: 0, db: 0 }, raw: { node: 0, db: 0 } };
/** Runs a path's timed part; returns its wall ms and adds its CPU to the path's. */
async function timed(path: keyof typeof cpu, part: () => Promise<void>): Promise<number> {
  const pgBefore = await backendCpu();
  const [nodeBefore, started] = [process.cpuUsage(), performance.now()];
  await part();
  const [ms, node] = [performance.now() - started, process.cpuUsage(nodeBefore)];
  cpu[path].node += (node.user + node.system) / 1000;
  cpu[path].db += cpuGrowth(pgBefore, await backendCpu());
  return ms;
}

/** a. the route handler: auth, body, zod, resolution, applyStateChanges, audit. Returns ms. */
async function apiBatch(refs: string[], tag: string): Promise<number> {
  const items = refs.map((ref) => ({ account: ref, category: "contacts", state: "restored", key: `bench-${run}-${tag}-${ref}` }));
  const body = JSON.stringify({ incident: category!.slug, items });
  let response: Response | undefined;
  let result: { applied: number; emailsQueued: number } | undefined;
  const ms = await timed("api", async () => {
    response = await POST(
      new Request("http://bench.test/api/v1/restores", {
        method: "POST",
        headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
        body,
      }),
    );
    result = (await response.json()) as { applied: number; emailsQueued: number };
  });
  if (!response || !result) throw new Error("API batch: no response");
  if (response.status !== 200 || result.applied !== items.length) throw new Error(`API batch: HTTP ${response.status} ${JSON.stringify(result).slice(0, 300)}`);
  queued += result.emailsQueued;
  return ms;
}

/**
 * b. raw SQL: update impacts, insert restore events, insert outbox rows. Returns ms. The
 * account is probed by its reference per item (LATERAL), as the API's statement does:
 * as a join, with the account table's statistics, the planner merge-joined the whole
 * external_ref index (260 ms a batch against 40 ms).
 */
async function rawBatch(refs: string[]): Promise<number> {
  return timed("raw", () =>
    db.driver.withConnection(async (conn) => {
      await conn.query("BEGIN");
      await conn.query(
        rawRestoreSql,
        [refs, category!.id, run],
      );
      await conn.query("COMMIT");
    }),
  );
}

// Warm-up (untimed): the first call of each path pays for compiling.
await apiBatch(warmRefs.slice(0, warmUp), "warm");
await rawBatch(warmRefs.slice(warmUp));
queued = 0;
for (const p of Object.values(cpu)) Object.assign(p, { node: 0, db: 0 });
// Batches take turns (API, raw, API, ...) so that cache warm-up, checkpoints and
// autovacuum fall on both paths alike; each path's time is the sum of its own batches.
for (let i = 0; i < apiRefs.length; i += batchSize) {
  const api = await apiBatch(apiRefs.slice(i, i + batchSize), "api");
  const raw = await rawBatch(rawRefs.slice(i, i + batchSize));
  apiMs += api;
  rawMs += raw;
  batchRatios.push(api / raw);
}
const sortedRatios = [...batchRatios].sort((a, b) => a - b);
const medianRatio = sortedRatios[Math.floor(sortedRatios.length / 2)] ?? NaN;
console.log(`\nRestores of ${accountsPerPath.toLocaleString("en-US")} accounts in batches of ${batchSize.toLocaleString("en-US")}:`);
console.log(`  pipeline API (route handler): ${seconds(apiMs)}  (${Math.round(accountsPerPath / (apiMs / 1000))} items/s, ${queued} emails queued)`);
console.log(`  raw set-based SQL:            ${seconds(rawMs)}  (${Math.round(accountsPerPath / (rawMs / 1000))} items/s)`);
console.log(`  ratio API / raw: ${(apiMs / rawMs).toFixed(2)}x (target <= 1.2x); per batch median ${medianRatio.toFixed(2)}x, range ${sortedRatios[0]!.toFixed(2)}-${sortedRatios.at(-1)!.toFixed(2)}x`);
const cpuOf = (p: keyof typeof cpu) => cpu[p].node + cpu[p].db;
console.log(
  `  CPU (this process + its database backends): API ${seconds(cpu.api.node)} + ${seconds(cpu.api.db)}, raw ${seconds(cpu.raw.node)} + ${seconds(cpu.raw.db)}; ratio ${(cpuOf("api") / cpuOf("raw")).toFixed(2)}x (database alone ${(cpu.api.db / cpu.raw.db).toFixed(2)}x)`,
);

// BENCH_DELIVER=0: part 1 only.
if (deliverWanted === 0) {
  await closeDatabase();
  process.exit(0);
}
const deliverCount = deliverWanted;

// ---- 2. delivery: the worker and bare nodemailer take turns, ROUNDS rounds of
// deliverCount / ROUNDS messages each (like the batches above: a machine whose load
// changes during the run weighs on both alike). Each path's time is the sum of its rounds.
// All the API's restore emails wait (due tomorrow); each worker round makes the next
// slice due and runs until the sink has received it.
// Default one round: a round's ramp-up and tail (the worker's claims filling its 40 slots,
// the last messages draining) cost the worker ~10% per 5,000-message round, which the steady
// state of a real send does not have; BENCH_ROUNDS=4 alternates when the load is changing.
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const held = await db.driver.query<{ id: number }>(
  `UPDATE "email_outbox" SET "next_attempt_at" = now() + interval '1 day'
   WHERE "kind" = 'restore' AND "status" = 'queued' AND "next_attempt_at" <= now() RETURNING "id"`,
);
// The first 1,000 are an untimed warm-up round of each path (JIT, the template's first
// render, both pools' SMTP connections).
const warmUpMessages = 1_000;
const heldIds = held.map((h) => h.id).sort((a, b) => a - b);
const warmSlice = heldIds.slice(0, warmUpMessages);
const slices = (() => {
  const ids = heldIds.slice(warmUpMessages, warmUpMessages + deliverCount);
  const size = Math.ceil(ids.length / rounds);
  return Array.from({ length: rounds }, (_, r) => ids.slice(r * size, (r + 1) * size)).filter((slice) => slice.length > 0);
})();
const sink = await startMailSink();
const listId = listIdFor(publicUrl());
const smtp = createSmtpTransport(sink.url, { maxConnections: connections, listId });
// Every `sampleEvery`-th message the worker sends in a round is kept (by reference: its
// strings are the worker's own) for the bare client to send in its round: the same
// messages, in the same mix of sizes (restore emails list 1-6 categories, so one sample
// message is not the average one; it was 9% smaller).
const sampleSize = 500;
let sampleEvery = 1;
let seen = 0;
const samples: OutgoingMessage[] = [];
const transport: MailTransport = {
  kind: smtp.kind,
  send(m) {
    if (seen++ % sampleEvery === 0) samples.push(m);
    return smtp.send(m);
  },
  close: () => smtp.close(),
};
const bare = nodemailer.createTransport({ host: "127.0.0.1", port: sink.port, pool: true, maxConnections: connections, maxMessages: 1000, ignoreTLS: true });
const giveUp = Date.now() + 30 * 60_000;
async function received(count: number): Promise<void> {
  while (sink.received.length < count) {
    if (Date.now() > giveUp) throw new Error(`only ${sink.received.length} of ${count} delivered after 30 minutes`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * a. the mail worker: claim, prepare, render, send, mark. One worker runs through every
 * round, as in production (it polls every 20 ms); a round makes its slice due and lasts
 * until the sink has it all. The clock starts when the slice is due (the UPDATE that makes
 * it due stands in for the pipeline API having queued it, which part 1 times). Returns ms.
 */
// BENCH_SQL_STATS=1: per round, the worker's statements (count, total and max ms, by
// their first words) and the WAL the round wrote, to see where a slow round goes.
const sqlStats = new Map<string, { n: number; ms: number; max: number }>();
if (process.env.BENCH_SQL_STATS) {
  const query = db.driver.query.bind(db.driver);
  db.driver.query = (async (text: string, params?: unknown[], options?: Parameters<typeof query>[2]) => {
    const started = performance.now();
    try {
      return await query(text, params, options);
    } finally {
      const ms = performance.now() - started;
      const label = text.replace(/\s+/g, " ").trim().slice(0, 60);
      const s = sqlStats.get(label) ?? { n: 0, ms: 0, max: 0 };
      s.n++;
      s.ms += ms;
      s.max = Math.max(s.max, ms);
      sqlStats.set(label, s);
    }
  }) as typeof db.driver.query;
}
/**
 * CPU ms (user + system) per process of this run's database backends and the WAL writer,
 * from /proc (Linux, the server on this machine); a round's share is the growth of each
 * (a backend the pool opened during the round counts from zero).
 */
async function backendCpu(): Promise<Map<number, number>> {
  const pids = await db.driver.query<{ pid: number }>(
    `SELECT "pid" FROM pg_stat_activity WHERE "application_name" = current_setting('application_name') OR "backend_type" = 'walwriter'`,
  );
  const cpu = new Map<number, number>();
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) * 10); // utime, stime; USER_HZ = 100
    } catch {
      // ended, or not on this machine
    }
  }
  return cpu;
}
function cpuGrowth(before: Map<number, number>, after: Map<number, number>): number {
  return [...after].reduce((ms, [pid, t]) => ms + t - (before.get(pid) ?? 0), 0);
}
const walNow = async () => ({
  ...(await db.driver.query<{ wal: string; ckpt: number }>(
    `SELECT (SELECT wal_bytes FROM pg_stat_wal)::text AS "wal", (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)::int AS "ckpt"`,
  ))[0]!,
  pgCpu: await backendCpu(),
  nodeCpu: process.cpuUsage(),
});
/**
 * EXPLAIN (ANALYZE, BUFFERS) of the worker's own claim (lib/outbox/outbox-sql.ts claimSql, with
 * its limit) once the round is half delivered, rolled back: the rows it claims go back to the queue.
 */
async function explainMidRound(): Promise<string> {
  const half = () => sink.received.length >= (samplesTarget >> 1);
  await new Promise((r) => setTimeout(r, 5)); // the round has reset the sink by then
  while (!half()) await new Promise((r) => setTimeout(r, 5));
  return db.driver.withConnection(async (conn) => {
    await conn.query("BEGIN");
    try {
      const rows = await conn.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${claimSql(emailOutbox)}`, ["bench-explain", 60, workerBatchSize]);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    } finally {
      await conn.query("ROLLBACK");
    }
  });
}
async function withSqlStats(name: string, round: () => Promise<number>): Promise<number> {
  if (!process.env.BENCH_SQL_STATS) return round();
  sqlStats.clear();
  const before = await walNow();
  const explained = name.startsWith("worker") ? explainMidRound() : Promise.resolve("");
  const ms = await round();
  const after = await walNow();
  const plan = await explained;
  const node = process.cpuUsage(before.nodeCpu);
  console.log(
    `  ${name}: ${(Number(BigInt(after.wal) - BigInt(before.wal)) / 1e6).toFixed(1)} MB WAL, ${after.ckpt - before.ckpt} checkpoints, CPU: this process ${((node.user + node.system) / 1e6).toFixed(1)} s, its database backends ${(cpuGrowth(before.pgCpu, after.pgCpu) / 1000).toFixed(1)} s`,
  );
  for (const [label, s] of [...sqlStats].sort((a, b) => b[1].ms - a[1].ms)) {
    if (label.startsWith("UPDATE \"email_outbox\" SET \"next_attempt_at\" = now() WHERE") || label.startsWith("SELECT (SELECT wal_bytes")) continue;
    console.log(`    ${String(s.n).padStart(5)} x ${(s.ms / s.n).toFixed(2).padStart(7)} ms (max ${s.max.toFixed(1)}) ${label}`);
  }
  if (plan) console.log(plan.replace(/^/gm, "    | "));
  return ms;
}
// The worker's claim size: BENCH_CLAIM_BATCH, else its default (two per message in flight, at least 50; lib/mail/worker.ts).
const workerBatchSize = process.env.BENCH_CLAIM_BATCH ? Number(process.env.BENCH_CLAIM_BATCH) : Math.max(50, connections * 4 * 2);
const worker = startMailWorker({ db, transport, concurrency: connections, pollMs: 20, messageIdHost: "bench.test", batchSize: workerBatchSize });
const bytes = { worker: 0, bare: 0 };
const sizeOfReceived = () => sink.received.reduce((n, m) => n + m.size, 0);
let samplesTarget = 0;
async function workerRound(ids: number[]): Promise<number> {
  sink.received.length = 0;
  samplesTarget = ids.length;
  samples.length = 0;
  seen = 0;
  sampleEvery = Math.max(1, Math.ceil(ids.length / sampleSize));
  await db.driver.query(`UPDATE "email_outbox" SET "next_attempt_at" = now() WHERE "id" = ANY($1::int[])`, [ids]);
  const started = performance.now();
  await received(ids.length);
  const ms = performance.now() - started;
  bytes.worker += sizeOfReceived();
  return ms;
}

/** b. bare pooled nodemailer: the messages the worker sent in its round (the sample, in turn), `count` of them. Returns ms. */
let bareSent = 0;
async function bareRound(count: number): Promise<number> {
  sink.received.length = 0;
  const messages = samples.map((m) => ({ ...m }));
  if (messages.length === 0) throw new Error("the worker sent nothing to sample");
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: connections * 4 }, async () => {
      while (next < count) {
        const m = messages[next++ % messages.length]!;
        await bare.sendMail(smtpMessage({ ...m, messageId: `<bare-${run}-${bareSent++}@bench.test>` }, listId));
      }
    }),
  );
  await received(count);
  const ms = performance.now() - started;
  bytes.bare += sizeOfReceived();
  return ms;
}

// BENCH_CPU_PROFILE=<dir>: a CPU profile of each timed round (worker-<n>.cpuprofile,
// bare-<n>.cpuprofile), to compare the two paths function by function.
const profileDir = process.env.BENCH_CPU_PROFILE;
const inspector = profileDir ? new (await import("node:inspector/promises")).Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post("Profiler.enable");
}
async function profiled(name: string, round: () => Promise<number>): Promise<number> {
  if (!inspector) return round();
  await inspector.post("Profiler.start");
  const ms = await round();
  const { profile } = await inspector.post("Profiler.stop");
  const { writeFileSync } = await import("node:fs");
  writeFileSync(`${profileDir}/${name}.cpuprofile`, JSON.stringify(profile));
  return ms;
}

await workerRound(warmSlice);
await bareRound(warmSlice.length);
bytes.worker = bytes.bare = 0;
let workerMs = 0;
let bareMs = 0;
const roundRatios: number[] = [];
for (const [r, ids] of slices.entries()) {
  const w = await withSqlStats(`worker round ${r + 1}`, () => profiled(`worker-${r + 1}`, () => workerRound(ids)));
  const b = await withSqlStats(`bare round ${r + 1}`, () => profiled(`bare-${r + 1}`, () => bareRound(ids.length)));
  workerMs += w;
  bareMs += b;
  roundRatios.push(b / w);
  console.log(`  round of ${ids.length}: worker ${seconds(w)}, bare ${seconds(b)}`);
}
await worker.stop();
await smtp.close();
bare.close();
await sink.close();
const delivered = slices.reduce((n, slice) => n + slice.length, 0);
const sortedRounds = [...roundRatios].sort((a, b) => a - b);
console.log(`\nDelivery of ${delivered.toLocaleString("en-US")} restore emails to a local smtp-server, ${connections} connections, ${slices.length} rounds each:`);
console.log(`  mail worker (claim, render, send, mark): ${seconds(workerMs)}  (${Math.round(delivered / (workerMs / 1000))} msg/s)`);
console.log(`  bare nodemailer pool:                    ${seconds(bareMs)}  (${Math.round(delivered / (bareMs / 1000))} msg/s)`);
console.log(`  mean message size: worker ${Math.round(bytes.worker / delivered)} bytes, bare ${Math.round(bytes.bare / delivered)} bytes`);
console.log(
  // In the order the rounds ran (sorted, they read as if the first were always the worst).
  `  ratio worker / bare throughput: ${(bareMs / workerMs).toFixed(2)}x (target >= 0.85x); per round in order ${roundRatios.map((r) => r.toFixed(2)).join(", ")} (median ${((sortedRounds[(sortedRounds.length - 1) >> 1]! + sortedRounds[sortedRounds.length >> 1]!) / 2).toFixed(2)})`,
);
await closeDatabase();
export {};
