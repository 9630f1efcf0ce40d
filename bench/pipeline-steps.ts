/**
 * Where a pipeline API batch spends its time (docs/decisions/010): per step of the route
 * handler, and EXPLAIN (ANALYZE, BUFFERS) of the API's statement next to the raw baseline's.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/rp_bench_mail npx tsx bench/pipeline-steps.ts
 * Uses accounts from offset STEPS_OFFSET (300000) of the contacts category, so bench:mail's are untouched.
 */
import { rawRestoreSql } from "./raw-restore-sql";

process.env.MAIL_COALESCE_SECONDS = "0";
const { POST } = await import("../app/api/v1/restores/route");
const { createApiKey, verifyApiKey } = await import("../lib/auth/api-keys");
const { closeDatabase, database, driverSql, sqlTransaction } = await import("../lib/db");
const { applyRestoreBatch, parseRestoreBatch } = await import("../lib/restores/apply-restore-batch");
const { applyStateChanges } = await import("../lib/restores/apply-state-changes");

const batches = Number(process.env.STEPS_BATCHES ?? 5);
const batchSize = 10_000;
const offset = Number(process.env.STEPS_OFFSET ?? 300_000);
const db = await database();
const run = Date.now().toString(36);
const [category] = await db.driver.query<{ id: number; slug: string }>(
  `SELECT c."id", i."slug" FROM "data_category" c JOIN "incident" i ON i."id" = c."incident_id" WHERE c."key" = 'contacts' LIMIT 1`,
);
const picked = await db.driver.query<{ id: number; external_ref: string }>(
  `SELECT a."id", a."external_ref" FROM "account" a JOIN "impact" im ON im."account_id" = a."id" AND im."category_id" = $1
   WHERE im."state" <> 'not_affected' ORDER BY a."id" OFFSET $3 LIMIT $2`,
  [category!.id, (3 * batches + 4) * batchSize, offset],
);
const ids = picked.map((p) => p.id);
await db.driver.query(`UPDATE "impact" SET "state" = 'restoring', "items_restored" = 0 WHERE "category_id" = $1 AND "account_id" = ANY($2::int[])`, [category!.id, ids]);
await db.driver.query(`DELETE FROM "email_outbox" WHERE "account_id" = ANY($1::int[])`, [ids]);
await db.driver.query(`VACUUM ANALYZE "impact"`);
const key = await createApiKey(db.prisma, { name: `steps-${run}`, scopes: ["restores:write"] });
const refs = picked.map((p) => p.external_ref);
const slice = (n: number) => refs.slice(n * batchSize, (n + 1) * batchSize);
const bodyOf = (r: string[], tag: string) =>
  JSON.stringify({ incident: category!.slug, items: r.map((ref) => ({ account: ref, category: "contacts", state: "restored", key: `steps-${run}-${tag}-${ref}` })) });

const steps: Record<string, number[]> = {};
const time = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
  const started = performance.now();
  const result = await fn();
  (steps[name] ??= []).push(performance.now() - started);
  return result;
};
const rawSql = rawRestoreSql;
// warm
await POST(new Request("http://x/api/v1/restores", { method: "POST", headers: { authorization: `Bearer ${key.key}` }, body: bodyOf(slice(0).slice(0, 1000), "w") }));

let n = 1;
for (let b = 0; b < batches; b++, n++) {
  const body = bodyOf(slice(n), "s");
  const request = new Request("http://x/api/v1/restores", { method: "POST", headers: { authorization: `Bearer ${key.key}` }, body });
  const t0 = performance.now();
  const actor = await time("auth (verifyApiKey)", () => verifyApiKey(driverSql(db.driver), request.headers.get("authorization"), "restores:write"));
  const raw = await time("read + JSON.parse", async () => JSON.parse(await request.text()) as unknown);
  const batch = await time("zod (parseRestoreBatch)", () => parseRestoreBatch(raw));
  const result = await time("applyRestoreBatch", () => applyRestoreBatch(db, actor, batch));
  const response = await time("Response.json", () => Response.json(result));
  await time("client response.json()", () => response.json());
  (steps["total (steps)"] ??= []).push(performance.now() - t0);
}
// the raw baseline and the API's statement alone, through sqlTransaction
for (let b = 0; b < batches; b++, n++) {
  const r = slice(n++);
  await time("raw baseline (bench's rawBatch)", () =>
    db.driver.withConnection(async (conn) => {
      await conn.query("BEGIN");
      await conn.query(rawSql, [r, category!.id, `${run}-${b}`]);
      await conn.query("COMMIT");
    }),
  );
  const changes = slice(n).map((ref) => ({ accountRef: ref, categoryId: category!.id, toState: "restored" as const, idempotencyKey: `steps-${run}-x-${ref}` }));
  await time("sqlTransaction(applyStateChanges) alone", () =>
    sqlTransaction(db, (tx) => applyStateChanges(tx, changes, { type: "api_key", id: key.id, label: "x" }, { keyConflicts: "throw" })),
  );
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
for (const [name, v] of Object.entries(steps)) console.log(`${name.padEnd(42)} median ${median(v).toFixed(1).padStart(7)} ms  [${v.map((x) => x.toFixed(0)).join(", ")}]`);

// EXPLAIN of both statements on fresh slices (rolled back)
if (process.env.STEPS_EXPLAIN !== "0") {
  const apiChanges = slice(n++).map((ref) => ({ accountRef: ref, categoryId: category!.id, toState: "restored" as const, idempotencyKey: `steps-${run}-e-${ref}` }));
  let captured: { sql: string; params: unknown[] } | undefined;
  await applyStateChanges(
    {
      $queryRawUnsafe: async <R>(sql: string, ...params: unknown[]) => {
        captured ??= { sql, params };
        // A summary as if every item applied (the optimistic statement checks the count).
        return [{ ord: 0, outcome: "summary", emails: 0, applied: apiChanges.length, accounts: null }] as R;
      },
    },
    apiChanges,
    { type: "api_key", id: key.id, label: "x" },
    { keyConflicts: "throw" },
  );

  for (const [name, sql, params] of [
    ["API", captured!.sql, captured!.params],
    ["raw", rawSql, [slice(n++), category!.id, `${run}-e`]],
  ] as const) {
    const plan = await db.driver.withConnection(async (conn) => {
      await conn.query("BEGIN");
      try {
        return await conn.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [...params]);
      } finally {
        await conn.query("ROLLBACK");
      }
    });
    console.log(`\n---- ${name}\n${plan.map((r) => r["QUERY PLAN"].slice(0, 220)).join("\n")}`);
  }
}
await closeDatabase();
export {};
