import { describe, expect, it } from "vitest";
import { cliPrincipal } from "../../lib/auth/principal";
import { saveRemedyRule } from "../../lib/remedies/save-remedy-rule";
import { applyStateChanges } from "../../lib/restores/apply-state-changes";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

/**
 * A rule saved over many accounts grows remedy_eligibility at once; the private page reads
 * it through a prepared statement whose cached generic plan was made for the old size
 * (lib/remedies/refresh-remedy-eligibility.ts, decision 045). The refresh analyses the table
 * when it grows by a tenth and by at least 1,000 rows: pg_class.reltuples (what the planner
 * reads, transactional) shows whether it did.
 */
const db = await useTestDatabase();
const { incident, categories } = await createIncidentWithAccounts(db, { accounts: 1, categories: ["photos"] });
const photos = categories[0]!;
const system = { type: "system" as const, id: null, label: "test" };

async function addAccounts(prefix: string, count: number): Promise<number[]> {
  const rows = await db.prisma.$queryRawUnsafe<{ id: number }[]>(
    `INSERT INTO "account" ("external_ref", "email", "display_name", "updated_at")
     SELECT $1 || g, $1 || g || '@example.com', 'Customer ' || g, now() FROM generate_series(1, $2::int) g RETURNING "id"`,
    prefix,
    count,
  );
  const ids = rows.map((r) => r.id);
  await db.prisma.$executeRawUnsafe(
    `INSERT INTO "impact" ("incident_id", "account_id", "category_id", "items_total", "updated_at") SELECT $1::uuid, unnest($2::int[]), $3, 100, now()`,
    incident.id,
    ids,
    photos.id,
  );
  return ids;
}
const plannerRows = async () =>
  Number((await db.prisma.$queryRawUnsafe<{ rows: number }[]>(`SELECT reltuples::float8 AS "rows" FROM pg_class WHERE oid = '"remedy_eligibility"'::regclass`))[0]!.rows);

describe("remedy_eligibility's statistics follow a large refresh", () => {
  it("a rule saved over 1,500 accounts leaves the table analysed; a refresh of a few accounts does not analyse it again", async () => {
    const bulk = await addAccounts("bulk-", 1_500);
    expect(await plannerRows()).toBeLessThanOrEqual(0);
    await saveRemedyRule(db.prisma, cliPrincipal(), { incidentId: incident.id, name: "Photos lost", condition: "photos unrecoverable", offer: "A credit." });
    expect(await plannerRows()).toBeLessThanOrEqual(0);
    await db.prisma.$executeRawUnsafe(`UPDATE "impact" SET "state" = 'unrecoverable' WHERE "category_id" = $1`, photos.id);
    await saveRemedyRule(db.prisma, cliPrincipal(), { incidentId: incident.id, name: "Any photos affected", condition: "photos affected", offer: "An apology." });
    expect(await plannerRows()).toBeGreaterThanOrEqual(bulk.length);
    const seen = await plannerRows();

    const few = await addAccounts("few-", 20);
    await db.prisma.$transaction((tx) =>
      applyStateChanges(tx, few.map((accountId) => ({ accountId, categoryId: photos.id, toState: "unrecoverable" as const })), system, { coalesceSeconds: 0 }),
    );
    const qualifying = await db.prisma.remedyEligibility.count({ where: { accountId: { in: few }, qualifies: true } });
    expect(qualifying).toBe(2 * few.length);
    expect(await plannerRows()).toBe(seen);
  });
});
