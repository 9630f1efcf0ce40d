import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/restores/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

/**
 * The pipeline's optimistic statement updates each impact by the row version it read
 * (ctid), not by finding it again (docs/decisions/010). An impact that another
 * transaction deletes between that read and the update is then not updated: the batch
 * must notice, run again guarded, and report the item as having no impact row, with no
 * restore event left for it.
 */
describe("POST /api/v1/restores next to a concurrent transaction (PostgreSQL)", () => {
  it("an impact deleted under the optimistic statement is reported as not found, and its event does not stand", async () => {
    const db = await useTestDatabase();
    const { incident, accounts, categories } = await createIncidentWithAccounts(db, { accounts: 2, slug: "concurrent-incident" });
    const writer = await createApiKey(db.prisma, { name: "pipeline", scopes: ["restores:write"] });
    const contacts = categories.find((c) => c.key === "contacts")!;
    const [gone, kept] = accounts as [(typeof accounts)[number], (typeof accounts)[number]];

    // Another transaction deletes one impact and holds its lock until we let it commit.
    const other = await db.driver.pool!.connect();
    try {
      await other.query("BEGIN");
      await other.query(`DELETE FROM "impact" WHERE "account_id" = $1 AND "category_id" = $2`, [gone.id, contacts.id]);

      const response = POST(
        new Request("http://localhost/api/v1/restores", {
          method: "POST",
          headers: { authorization: `Bearer ${writer.key}`, "content-type": "application/json" },
          body: JSON.stringify({
            incident: incident.slug,
            items: [gone, kept].map((a) => ({ account: a.externalRef, category: "contacts", state: "restored", key: `c-${a.id}` })),
          }),
        }),
      );
      // The batch's statement read the impact (the delete is not committed) and now waits
      // for its row lock at the update.
      const deadline = Date.now() + 10_000;
      for (;;) {
        const [waiting] = await db.driver.query<{ n: number }>(
          `SELECT count(*)::int AS "n" FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'WITH "items"%'`,
        );
        if (waiting!.n > 0) break;
        if (Date.now() > deadline) throw new Error("the batch never waited for the deleted impact's lock");
        await new Promise((r) => setTimeout(r, 20));
      }
      await other.query("COMMIT");

      const answer = await response;
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { applied: number; rejected: number; items: { status: string; reason?: string }[] };
      expect(body).toMatchObject({ applied: 1, rejected: 1 });
      expect(body.items[0]).toMatchObject({ status: "rejected", reason: "no impact row for this account and category" });
      expect(body.items[1]).toMatchObject({ status: "applied" });
    } finally {
      other.release();
    }

    expect(await db.prisma.restoreEvent.count({ where: { accountId: gone.id } })).toBe(0);
    expect(await db.prisma.restoreEvent.count({ where: { accountId: kept.id } })).toBe(1);
    expect(await db.prisma.emailOutbox.count({ where: { accountId: gone.id } })).toBe(0);
    // The aggregates still count the impacts exactly.
    const aggregate = await db.prisma.categoryAggregate.findUniqueOrThrow({ where: { categoryId: contacts.id } });
    expect(aggregate).toMatchObject({ accounts: 1, restored: 1, pending: 0 });
  });
});
