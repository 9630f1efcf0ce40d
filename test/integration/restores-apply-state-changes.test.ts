import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/record-audit";
import { applyStateChanges, previewStateChanges, type StateChange } from "@/lib/restores/apply-state-changes";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

const staff: Actor = { type: "staff", id: null, label: "test" };

describe("applyStateChanges", async () => {
  const db = await useTestDatabase();
  // As every caller does: one transaction.
  type Rest = Parameters<typeof applyStateChanges> extends [unknown, ...infer R] ? R : never;
  const apply = (...args: Rest) => db.prisma.$transaction((tx) => applyStateChanges(tx, ...args));
  const outbox = (accountId: number) =>
    db.prisma.emailOutbox.findMany({ where: { accountId, kind: "restore" }, orderBy: { id: "asc" } });

  it("updates the impact, appends an event, keeps the aggregates and queues one restore email", async () => {
    const { accounts, categories } = await createIncidentWithAccounts(db);
    const account = accounts[0]!;
    const contacts = categories[0]!;
    const result = await db.prisma.$transaction((tx) =>
      applyStateChanges(tx, [{ accountId: account.id, categoryId: contacts.id, toState: "restored", note: "done" }], staff, { coalesceSeconds: 300 }),
    );
    expect(result).toEqual({ outcomes: ["applied"], applied: 1, emailsQueued: 1 });
    const impact = await db.prisma.impact.findUniqueOrThrow({ where: { accountId_categoryId: { accountId: account.id, categoryId: contacts.id } } });
    expect(impact).toMatchObject({ state: "restored", itemsRestored: 100, itemsTotal: 100 });
    const events = await db.prisma.restoreEvent.findMany({ where: { accountId: account.id } });
    expect(events).toMatchObject([{ fromState: "pending", toState: "restored", itemsRestored: 100, actorType: "staff", note: "done" }]);
    const aggregate = await db.prisma.categoryAggregate.findUniqueOrThrow({ where: { categoryId: contacts.id } });
    expect(aggregate).toMatchObject({ accounts: 3, pending: 2, restored: 1, itemsRestored: 100n });
    const emails = await outbox(account.id);
    expect(emails).toHaveLength(1);
    expect(emails[0]!.toAddress).toBe(account.email);
    expect(emails[0]!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 250_000);
  });

  it("applies a replayed idempotency key once and queues no second email", async () => {
    const { accounts, categories } = await createIncidentWithAccounts(db);
    const change = { accountId: accounts[0]!.id, categoryId: categories[1]!.id, toState: "partial" as const, itemsRestored: 40, idempotencyKey: "batch-1:item-1" };
    const first = await apply([change], staff);
    await db.prisma.emailOutbox.updateMany({ where: { accountId: accounts[0]!.id }, data: { status: "sent" } });
    const again = await apply([{ ...change, toState: "restored" }], staff);
    expect(first.outcomes).toEqual(["applied"]);
    expect(again).toEqual({ outcomes: ["duplicate"], applied: 0, emailsQueued: 0 });
    expect(await outbox(accounts[0]!.id)).toHaveLength(1);
    expect(await db.prisma.impact.count({ where: { accountId: accounts[0]!.id, state: "partial", itemsRestored: 40 } })).toBe(1);
  });

  it("coalesces changes to one account while its restore email waits, and starts a new one after it is sent", async () => {
    const { accounts, categories } = await createIncidentWithAccounts(db);
    const a = accounts[0]!.id;
    await apply([{ accountId: a, categoryId: categories[0]!.id, toState: "restored" }], staff);
    const second = await apply([{ accountId: a, categoryId: categories[1]!.id, toState: "unrecoverable" }], staff);
    expect(second.emailsQueued).toBe(0);
    expect(await outbox(a)).toHaveLength(1);
    await db.prisma.emailOutbox.updateMany({ where: { accountId: a }, data: { status: "sent" } });
    const third = await apply([{ accountId: a, categoryId: categories[2]!.id, toState: "restored" }], staff);
    expect(third.emailsQueued).toBe(1);
    expect(await outbox(a)).toHaveLength(2);
  });

  it("does not email for non-terminal states, reports unchanged and unknown pairs", async () => {
    const { accounts, categories } = await createIncidentWithAccounts(db);
    const result = await applyStateChanges(
      db.prisma,
      [
        { accountId: accounts[0]!.id, categoryId: categories[0]!.id, toState: "restoring" },
        { accountId: accounts[1]!.id, categoryId: categories[0]!.id, toState: "pending" },
        { accountId: 999_999, categoryId: categories[0]!.id, toState: "restored" },
      ],
      staff,
    );
    expect(result).toEqual({ outcomes: ["applied", "unchanged", "not_found"], applied: 1, emailsQueued: 0 });
    expect(await db.prisma.restoreEvent.count({ where: { accountId: { in: [accounts[0]!.id, accounts[1]!.id] } } })).toBe(1);
  });

  it("refuses a batch that names the same account and category twice, changing nothing", async () => {
    const { accounts, categories } = await createIncidentWithAccounts(db);
    const item = { accountId: accounts[0]!.id, categoryId: categories[0]!.id, toState: "restored" as const };
    await expect(apply([item, item], staff)).rejects.toMatchObject({ code: "VALIDATION", details: { index: 1 } });
    expect(await db.prisma.restoreEvent.count({ where: { accountId: accounts[0]!.id } })).toBe(0);
  });

  it("names accounts by reference in the statement: unknown refs, a replay of an unchanged item, and no mixing with ids", async () => {
    const { accounts, categories } = await createIncidentWithAccounts(db);
    const [first, second] = [accounts[0]!, accounts[1]!];
    const byRef = (ref: string, key: string) => ({ accountRef: ref, categoryId: categories[0]!.id, toState: "restored" as const, idempotencyKey: key });
    const result = await apply([byRef(first.externalRef, "r-1"), byRef("NO-SUCH-REF", "r-2"), byRef(second.externalRef, "r-3")], staff);
    expect(result).toEqual({ outcomes: ["applied", "unknown_account", "applied"], applied: 2, emailsQueued: 2 });
    // The same batch again: the impacts are already restored, and the keys were applied.
    const replay = await apply([byRef(first.externalRef, "r-1"), byRef(second.externalRef, "r-9")], staff);
    expect(replay).toEqual({ outcomes: ["duplicate", "unchanged"], applied: 0, emailsQueued: 0 });
    await expect(
      apply([byRef(first.externalRef, "r-4"), { accountId: second.id, categoryId: categories[1]!.id, toState: "restored" }], staff),
    ).rejects.toMatchObject({ code: "VALIDATION", details: { index: 1 } });
    expect(await db.prisma.restoreEvent.count({ where: { accountId: { in: [first.id, second.id] } } })).toBe(2);
  });

  it("previews by the same SQL what applying then does, writing nothing", async () => {
    const { accounts, categories } = await createIncidentWithAccounts(db);
    const [first, second, third] = [accounts[0]!, accounts[1]!, accounts[2]!];
    await apply([{ accountId: second.id, categoryId: categories[0]!.id, toState: "partial", itemsRestored: 10, idempotencyKey: "p-1" }], staff);
    const items = (key: string): StateChange[] => [
      { accountId: first.id, categoryId: categories[0]!.id, toState: "restored" },
      { accountId: first.id, categoryId: categories[1]!.id, toState: "pending" },
      { accountId: second.id, categoryId: categories[0]!.id, toState: "restored", idempotencyKey: "p-1" },
      { accountId: third.id, categoryId: categories[1]!.id, toState: "partial", itemsRestored: 5, idempotencyKey: key },
      { accountId: 999_999, categoryId: categories[0]!.id, toState: "restored" },
    ];
    const counts = async () => ({ events: await db.prisma.restoreEvent.count(), emails: await db.prisma.emailOutbox.count() });
    const before = await counts();
    const preview = await previewStateChanges(db.prisma, items("p-2"));
    expect(preview).toEqual({ outcomes: ["applied", "unchanged", "duplicate", "applied", "not_found"], wouldApply: 2 });
    expect(await counts()).toEqual(before);
    const applied = await apply(items("p-2"), staff);
    expect(applied.outcomes).toEqual(preview.outcomes);
    expect(applied.applied).toBe(preview.wouldApply);
    expect((await previewStateChanges(db.prisma, items("p-2"))).outcomes).toEqual(["unchanged", "unchanged", "duplicate", "duplicate", "not_found"]);
    const byRef = await previewStateChanges(db.prisma, [
      { accountRef: first.externalRef, categoryId: categories[2]!.id, toState: "restoring" },
      { accountRef: "NO-SUCH-REF", categoryId: categories[2]!.id, toState: "restoring" },
    ]);
    expect(byRef).toEqual({ outcomes: ["applied", "unknown_account"], wouldApply: 1 });
  });
});
