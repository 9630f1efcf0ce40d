/**
 * `npx tsx bench/outbox-growth.ts`: do the worker's statements slow down as the outbox
 * grows? Sent rows stay (the record of who was told what), so a busy portal's outbox
 * holds millions. Builds BENCH_SENT sent rows (default 5,000,000) and 100,000 queued in
 * database rp_bench_outbox_growth on BENCH_PG_URL (default
 * postgres://postgres@127.0.0.1:5432), then times the worker's cycle (claim 80, mark
 * them sent; the lease reclaim; the "anything left?" probe) with the partial indexes of
 * migration 20261201010000 and, for comparison, with the full (status, next_attempt_at)
 * index they replaced. Prints the median and p95 of each statement and the index sizes.
 */
import { execFileSync } from "node:child_process";
import { openDatabase } from "../lib/db";
import { emailOutbox } from "../lib/mail/outbox-row";
import { migrate } from "../lib/migrate";
import { anyPendingSql, claimSql, markSentSql, reclaimExpiredSql } from "../lib/outbox/outbox-sql";
import { benchApplicationName, cancelStatementsOnExit, withApplicationName } from "./cancel-on-exit";

const sent = Number(process.env.BENCH_SENT ?? 5_000_000);
const cycles = Number(process.env.BENCH_CYCLES ?? 300);
const serverUrl = (process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432").replace(/\/$/, "");
const name = "rp_bench_outbox_growth";
const applicationName = benchApplicationName("outbox-growth");
cancelStatementsOnExit(`${serverUrl}/postgres`, applicationName);

execFileSync("psql", [`${serverUrl}/postgres`, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
execFileSync("psql", [`${serverUrl}/postgres`, "-qc", `CREATE DATABASE ${name}`]);
const db = await openDatabase({ url: withApplicationName(`${serverUrl}/${name}`, applicationName), max: 2 });
await migrate(db.driver);
const q = db.driver.query.bind(db.driver);

let started = Date.now();
for (let from = 1; from <= sent; from += 500_000) {
  await q(
    `INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "subject", "status", "attempts", "sent_at", "provider_message_id", "next_attempt_at")
     SELECT 'sent:' || g, 'restore', 'p' || g || '@example.com', 'Some of your data has been restored', 'sent', 1, now(), '250 ok', now() - interval '1 day'
     FROM generate_series($1::int, $2::int) g`,
    [from, Math.min(sent, from + 499_999)],
  );
}
await q(
  `INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "subject")
   SELECT 'queued:' || g, 'restore', 'q' || g || '@example.com', 'An update on your data' FROM generate_series(1, 100000) g`,
);
await db.driver.exec(`VACUUM ANALYZE "email_outbox"`);
console.log(`outbox: ${sent.toLocaleString("en-US")} sent + 100,000 queued rows, built in ${((Date.now() - started) / 1000).toFixed(0)} s`);

const ms = (list: number[], p: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(list.length * p))]!.toFixed(2);

async function timeCycle(label: string): Promise<void> {
  const claim: number[] = [];
  const mark: number[] = [];
  const reclaim: number[] = [];
  const probe: number[] = [];
  for (let i = 0; i < cycles; i++) {
    let t = performance.now();
    const rows = await q<{ id: number }>(claimSql(emailOutbox), ["growth", 60, 80]);
    claim.push(performance.now() - t);
    const ids = rows.map((r) => r.id);
    t = performance.now();
    await q(markSentSql(emailOutbox, ["provider_message_id"], `"sent_at" = now()`), [ids, ids.map(() => "250 ok")]);
    mark.push(performance.now() - t);
    t = performance.now();
    await q(reclaimExpiredSql(emailOutbox), [8]);
    reclaim.push(performance.now() - t);
    t = performance.now();
    await q(anyPendingSql(emailOutbox));
    probe.push(performance.now() - t);
  }
  const [sizes] = await q<{ indexes: string }>(
    `SELECT string_agg(c.relname || ' ' || pg_size_pretty(pg_relation_size(c.oid)), ', ' ORDER BY c.relname) AS "indexes"
     FROM pg_index ix JOIN pg_class c ON c.oid = ix.indexrelid WHERE ix.indrelid = 'email_outbox'::regclass AND c.relname NOT LIKE '%pkey' AND c.relname NOT LIKE '%dedupe%' AND c.relname NOT LIKE '%account%'`,
  );
  console.log(`\n${label} (${cycles} cycles of 80): median / p95 ms`);
  console.log(`  claim 80        ${ms(claim, 0.5)} / ${ms(claim, 0.95)}`);
  console.log(`  mark 80 sent    ${ms(mark, 0.5)} / ${ms(mark, 0.95)}`);
  console.log(`  reclaim leases  ${ms(reclaim, 0.5)} / ${ms(reclaim, 0.95)}`);
  console.log(`  anything left?  ${ms(probe, 0.5)} / ${ms(probe, 0.95)}`);
  console.log(`  indexes: ${sizes?.indexes}`);
}

await timeCycle("partial indexes (email_outbox_due_idx, email_outbox_lease_idx)");
started = Date.now();
await db.driver.exec(
  `DROP INDEX "email_outbox_due_idx"; DROP INDEX "email_outbox_lease_idx";
   CREATE INDEX "email_outbox_status_next_attempt_at_idx" ON "email_outbox"("status", "next_attempt_at"); ANALYZE "email_outbox"`,
);
await timeCycle("full index (status, next_attempt_at), as before");
await db.close();
execFileSync("psql", [`${serverUrl}/postgres`, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
console.log(`load average: ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")}`);
