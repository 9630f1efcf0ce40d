import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/record-audit";
import { bulkChangeState, countBulkChange } from "@/lib/accounts/bulk-change-state";
import { changeImpactState } from "@/lib/accounts/change-impact-state";
import { getAccountDetail } from "@/lib/accounts/get-account-detail";
import { searchAccounts } from "@/lib/accounts/search-accounts";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

describe("support: accounts", async () => {
  const db = await useTestDatabase();
  const staffUser = await db.prisma.staffUser.create({ data: { id: "staff-1", name: "Sam Support", email: "sam@example.com", role: "support" } });
  const actor: Actor = { type: "staff", id: staffUser.id, label: staffUser.email };
  const { incident, accounts, categories } = await createIncidentWithAccounts(db, { accounts: 5, slug: "acc", categories: ["contacts", "calendar", "photos"] });
  await db.prisma.account.update({ where: { id: accounts[1]!.id }, data: { displayName: "Grace Hopper" } });

  it("finds accounts by email, reference or display name prefix, paged", async () => {
    const byEmail = await searchAccounts(db.prisma, { q: "ACC-A1@Example.com" });
    expect(byEmail.hits.map((h) => [h.externalRef, h.matchedOn])).toEqual([["acc-A1", "email"]]);
    const byRef = await searchAccounts(db.prisma, { q: "acc-A" });
    expect(byRef.hits.map((h) => h.externalRef)).toEqual(["acc-A1", "acc-A2", "acc-A3", "acc-A4", "acc-A5"]);
    const byName = await searchAccounts(db.prisma, { q: "Grace" });
    expect(byName.hits.map((h) => [h.externalRef, h.matchedOn])).toEqual([["acc-A2", "name"]]);
    const page1 = await searchAccounts(db.prisma, { q: "acc-A", perPage: 2 });
    const page2 = await searchAccounts(db.prisma, { q: "acc-A", perPage: 2, page: 2 });
    expect([page1.hasMore, page1.hits.map((h) => h.externalRef)]).toEqual([true, ["acc-A1", "acc-A2"]]);
    expect(page2.hits.map((h) => h.externalRef)).toEqual(["acc-A3", "acc-A4"]);
    expect((await searchAccounts(db.prisma, { q: "nobody%" })).hits).toEqual([]);
  });

  it("uses the indexes for every search column", async () => {
    await db.driver.exec(`SET enable_seqscan = off`);
    try {
      for (const [column, value] of [["email", "a@"], ["external_ref", "SK-"], ["display_name", "Gr"]] as const) {
        const plan = await db.driver.query<Record<string, string>>(
          `EXPLAIN SELECT "id" FROM "account" WHERE "${column}" >= $1 AND "${column}" < $1 || chr(1114111) AND starts_with("${column}", $1) ORDER BY "${column}" LIMIT 26`,
          [value],
        );
        expect(plan.map((r) => Object.values(r)[0]).join("\n")).toMatch(/Index (Only )?Scan (using|on) account_/);
      }
    } finally {
      await db.driver.exec(`RESET enable_seqscan`);
    }
  });

  it("changes one category with a note: event, email, audit entry, all visible in the detail", async () => {
    const account = accounts[0]!;
    const contacts = categories[0]!;
    const result = await changeImpactState(db.prisma, { accountId: account.id, categoryId: contacts.id, toState: "restored", note: "Restored by hand" }, actor);
    expect(result).toEqual({ outcome: "applied", emailsQueued: 1 });
    const again = await changeImpactState(db.prisma, { accountId: account.id, categoryId: contacts.id, toState: "restored", note: "again" }, actor);
    expect(again.outcome).toBe("unchanged");

    const detail = await getAccountDetail(db.prisma, account.id);
    expect(detail.categories.map((c) => [c.key, c.state, c.itemsRestored, c.itemsTotal])).toEqual([
      ["contacts", "restored", 100, 100],
      ["calendar", "pending", 0, 100],
      ["photos", "pending", 0, 100],
    ]);
    expect(detail.history).toMatchObject([
      { category: "Contacts", fromState: "pending", toState: "restored", actorType: "staff", actorLabel: "sam@example.com", note: "Restored by hand" },
    ]);
    expect(detail.emails).toMatchObject([{ kind: "restore", status: "queued", toAddress: account.email }]);
    const audit = await db.prisma.auditLog.findMany({ where: { action: "impact.change_state", targetId: String(account.id) } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorLabel: "sam@example.com", before: { state: "pending" }, after: { state: "restored", note: "Restored by hand" } });
  });

  it("refuses a change without a note or to a category the account lacks", async () => {
    await expect(changeImpactState(db.prisma, { accountId: accounts[0]!.id, categoryId: categories[1]!.id, toState: "restored", note: " " }, actor)).rejects.toThrow(/Say why/);
    await expect(changeImpactState(db.prisma, { accountId: accounts[0]!.id, categoryId: 999_999, toState: "restored", note: "x" }, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getAccountDetail(db.prisma, 999_999)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("bulk-changes by filter after a count, one event per account, refusing a stale count", async () => {
    const filter = { incidentId: incident.id, categoryKey: "calendar", fromState: "pending" as const };
    const { count } = await countBulkChange(db.prisma, filter);
    expect(count).toBe(5);
    await expect(bulkChangeState(db.prisma, { ...filter, toState: "restoring", note: "batch 1", expectedCount: 4 }, actor)).rejects.toMatchObject({ code: "CONFLICT" });
    const result = await bulkChangeState(db.prisma, { ...filter, toState: "restoring", note: "batch 1", expectedCount: 5 }, actor);
    expect(result).toMatchObject({ applied: 5, emailsQueued: 0 });
    expect(await db.prisma.impact.count({ where: { categoryId: categories[1]!.id, state: "restoring" } })).toBe(5);
    expect(await db.prisma.restoreEvent.count({ where: { categoryId: categories[1]!.id, toState: "restoring", note: "batch 1" } })).toBe(5);
    expect(await db.prisma.auditLog.count({ where: { action: "impact.bulk_change_state" } })).toBe(1);
    expect((await countBulkChange(db.prisma, filter)).count).toBe(0);
  });
});
