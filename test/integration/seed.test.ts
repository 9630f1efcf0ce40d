import { describe, expect, it } from "vitest";
import { isDatabaseEmpty, seedDemo } from "@/lib/seed/seed-demo";
import { useTestDatabase } from "../helpers/db";
import { diffSchema } from "../helpers/schema-diff";

const now = new Date("2026-11-26T12:00:00Z");

async function fingerprint(db: Awaited<ReturnType<typeof useTestDatabase>>) {
  return db.driver.query(
    `SELECT a.external_ref, a.email, a.display_name, c.key, i.state::text, i.items_total, i.items_restored
     FROM impact i JOIN account a ON a.id = i.account_id JOIN data_category c ON c.id = i.category_id
     ORDER BY a.external_ref, c.position`,
  );
}

describe("demo seed", () => {
  it("is deterministic, counts match the aggregates, and the bulk path leaves the schema intact", async () => {
    const a = await useTestDatabase();
    const b = await useTestDatabase();
    expect(await isDatabaseEmpty(a)).toBe(true);
    const result = await seedDemo(a, { accounts: 300, now, chunk: 120 });
    // The second copy takes the bulk path: indexes and foreign keys dropped, then rebuilt.
    await seedDemo(b, { accounts: 300, now, chunk: 120, deferIndexesFrom: 1 });
    expect(await isDatabaseEmpty(a)).toBe(false);
    expect(result).toMatchObject({ accounts: 300, impacts: 1800 });
    expect(await fingerprint(a)).toEqual(await fingerprint(b));
    expect(await diffSchema(b.driver)).toEqual([]);

    const recount = await a.driver.query<{ category_id: number; accounts: number; restored: number; items_restored: string }>(
      `SELECT category_id, count(*)::int AS accounts, count(*) FILTER (WHERE state = 'restored')::int AS restored, sum(items_restored)::text AS items_restored
       FROM impact GROUP BY category_id ORDER BY category_id`,
    );
    const aggregates = await a.driver.query<{ category_id: number; accounts: number; restored: number; items_restored: string }>(
      `SELECT category_id, accounts, restored, items_restored::text FROM category_aggregate ORDER BY category_id`,
    );
    expect(aggregates).toEqual(recount);

    const states = await a.driver.query<{ state: string }>(`SELECT DISTINCT state::text FROM impact ORDER BY 1`);
    expect(states.map((s) => s.state)).toEqual(["not_affected", "partial", "pending", "restored", "restoring", "unrecoverable"]);
    const events = await a.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM restore_event`);
    expect(events[0]?.n).toBe(result.events);
    expect(result.events).toBeGreaterThan(300);
  });
});
