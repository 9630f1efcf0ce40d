import { beforeAll, describe, expect, it } from "vitest";
import { takeAggregateSnapshot } from "@/lib/aggregates/take-aggregate-snapshot";
import { seedDemo } from "@/lib/seed/seed-demo";
import { useTestDatabase, type TestDatabase } from "../helpers/db";

/**
 * The aggregates behind "Contacts: 92.3% restored" are kept by triggers in the same
 * transaction as every impact change. Proof: after random batches of inserts, updates
 * and deletes (including rolled-back ones), they equal a full recount of "impact".
 */
// Made while collecting the file, so it is dropped after the file.
const db: TestDatabase = await useTestDatabase();
beforeAll(async () => {
  await seedDemo(db, { accounts: 300, now: new Date("2026-11-26T10:00:00Z") });
});

const recount = `
  SELECT c.id AS category_id,
         count(i.id)::int AS accounts,
         count(*) FILTER (WHERE i.state = 'pending')::int AS pending,
         count(*) FILTER (WHERE i.state = 'restoring')::int AS restoring,
         count(*) FILTER (WHERE i.state = 'restored')::int AS restored,
         count(*) FILTER (WHERE i.state = 'partial')::int AS partial,
         count(*) FILTER (WHERE i.state = 'unrecoverable')::int AS unrecoverable,
         count(*) FILTER (WHERE i.state = 'not_affected')::int AS not_affected,
         coalesce(sum(i.items_total), 0)::bigint::text AS items_total,
         coalesce(sum(i.items_restored), 0)::bigint::text AS items_restored
  FROM "data_category" c LEFT JOIN "impact" i ON i.category_id = c.id
  GROUP BY c.id ORDER BY c.id`;
const stored = `
  SELECT c.id AS category_id,
         coalesce(a.accounts, 0) AS accounts, coalesce(a.pending, 0) AS pending, coalesce(a.restoring, 0) AS restoring,
         coalesce(a.restored, 0) AS restored, coalesce(a.partial, 0) AS partial, coalesce(a.unrecoverable, 0) AS unrecoverable,
         coalesce(a.not_affected, 0) AS not_affected,
         coalesce(a.items_total, 0)::text AS items_total, coalesce(a.items_restored, 0)::text AS items_restored
  FROM "data_category" c LEFT JOIN "category_aggregate" a ON a.category_id = c.id
  ORDER BY c.id`;

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const states = ["pending", "restoring", "restored", "partial", "unrecoverable", "not_affected"];

describe("category aggregates", () => {
  it("equal a full recount after random batches of inserts, updates and deletes", async () => {
    const random = rng(20261126);
    const q = (sql: string, params?: unknown[]) => db.driver.query(sql, params);
    expect(await q(stored)).toEqual(await q(recount));
    let nextAccount = 10_000;
    for (let round = 0; round < 40; round++) {
      const kind = Math.floor(random() * 5);
      const modulo = 2 + Math.floor(random() * 9);
      const rest = Math.floor(random() * modulo);
      const state = states[Math.floor(random() * states.length)]!;
      if (kind === 0) {
        // Bulk state change, items follow the state.
        await q(
          `UPDATE "impact" SET "state" = $3::"ImpactState",
             "items_restored" = CASE WHEN $3 = 'restored' THEN "items_total" WHEN $3 = 'partial' THEN "items_total" / 2 ELSE 0 END
           WHERE "id" % $1 = $2`,
          [modulo, rest, state],
        );
      } else if (kind === 1) {
        // Item counts only (the state does not move).
        await q(`UPDATE "impact" SET "items_total" = "items_total" + $3, "items_restored" = least("items_restored" + $3, "items_total" + $3) WHERE "id" % $1 = $2`, [
          modulo,
          rest,
          Math.floor(random() * 50),
        ]);
      } else if (kind === 2) {
        await q(`DELETE FROM "impact" WHERE "id" % $1 = $2 AND "id" % 7 = $3`, [modulo, rest, Math.floor(random() * 7)]);
      } else if (kind === 3) {
        // New affected accounts, every category, in one statement.
        const n = 1 + Math.floor(random() * 30);
        const from = nextAccount;
        nextAccount += n;
        await q(
          `INSERT INTO "account" ("external_ref", "email", "display_name", "updated_at")
           SELECT 'RND-' || i, 'rnd' || i || '@example.com', 'Random ' || i, now() FROM generate_series($1::int, $2::int) i`,
          [from, from + n - 1],
        );
        await q(
          `INSERT INTO "impact" ("incident_id", "account_id", "category_id", "state", "items_total", "items_restored")
           SELECT c.incident_id, a.id, c.id, $3::"ImpactState", 10 + a.id % 90, CASE WHEN $3 = 'restored' THEN 10 + a.id % 90 ELSE 0 END
           FROM "account" a CROSS JOIN "data_category" c
           WHERE a.external_ref IN (SELECT 'RND-' || i FROM generate_series($1::int, $2::int) i)`,
          [from, from + n - 1, state],
        );
      } else {
        // A transaction that changes rows and then rolls back changes nothing.
        await db.prisma
          .$transaction(async (tx) => {
            await tx.$executeRawUnsafe(`UPDATE "impact" SET "state" = 'unrecoverable', "items_restored" = 0 WHERE "id" % $1 = $2`, modulo, rest);
            await tx.$executeRawUnsafe(`DELETE FROM "impact" WHERE "id" % 5 = 0`);
            throw new Error("rollback");
          })
          .catch((e: Error) => {
            if (e.message !== "rollback") throw e;
          });
      }
      expect(await q(stored), `after round ${round} (kind ${kind})`).toEqual(await q(recount));
    }
  });
});

describe("takeAggregateSnapshot", () => {
  it("adds a point only when the figures moved, for every category of that incident", async () => {
    const count = async () => (await db.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM "aggregate_snapshot"`))[0]!.n;
    await takeAggregateSnapshot(db.driver); // catch up with the changes made above
    const before = await count();
    expect(await takeAggregateSnapshot(db.driver)).toBe(0);
    expect(await count()).toBe(before);

    await db.driver.query(`UPDATE "impact" SET "state" = 'restored', "items_restored" = "items_total" WHERE "id" = (SELECT min("id") FROM "impact" WHERE "state" <> 'restored')`);
    const categories = (await db.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM "data_category"`))[0]!.n;
    expect(await takeAggregateSnapshot(db.driver)).toBe(categories);
    expect(await takeAggregateSnapshot(db.driver)).toBe(0);

    const [last] = await db.driver.query<{ ok: boolean }>(
      `SELECT bool_and(s.restored = a.restored AND s.items_restored = a.items_restored) AS ok
       FROM "category_aggregate" a
       JOIN LATERAL (SELECT * FROM "aggregate_snapshot" s WHERE s.category_id = a.category_id ORDER BY taken_at DESC LIMIT 1) s ON true`,
    );
    expect(last?.ok).toBe(true);
  });
});
