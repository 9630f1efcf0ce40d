import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/restores/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

describe("POST /api/v1/restores", async () => {
  const db = await useTestDatabase();
  const { incident, accounts } = await createIncidentWithAccounts(db, { accounts: 4, slug: "api-incident" });
  const writer = await createApiKey(db.prisma, { name: "pipeline", scopes: ["restores:write"] });
  const reader = await createApiKey(db.prisma, { name: "reader", scopes: ["status:read"] });

  const post = async (body: unknown, key = writer.key) => {
    const response = await POST(
      new Request("http://localhost/api/v1/restores", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { items: { status: string; reason?: string }[] } };
  };
  const item = (i: number, extra: Record<string, unknown> = {}) => ({ account: accounts[i]!.externalRef, category: "contacts", state: "restored", key: `k-${i}`, ...extra });

  it("applies a batch, reports each item, queues restore emails and audits with the key as actor", async () => {
    const { status, body } = await post({
      incident: incident.slug,
      items: [item(0), item(1, { category: "photos", state: "partial", itemsRestored: 64, itemsTotal: 300, key: "k-1p" }), item(2, { account: "NOPE" }), item(3, { category: "music" })],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ applied: 2, duplicate: 0, rejected: 2, emailsQueued: 2 });
    expect(body.items.map((i) => i.status)).toEqual(["applied", "applied", "rejected", "rejected"]);
    expect(body.items[2]!.reason).toMatch(/unknown account "NOPE"/);
    expect(body.items[3]!.reason).toMatch(/unknown category "music"/);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "restores.apply" } });
    expect(audit).toMatchObject({ actorType: "api_key", actorId: writer.id, actorLabel: "API key pipeline" });
    expect(await db.prisma.emailOutbox.count({ where: { kind: "restore" } })).toBe(2);
    // Each email goes to its account's address and names the account's first event of
    // the batch (whose id the statement draws before inserting it).
    for (const i of [0, 1]) {
      const email = await db.prisma.emailOutbox.findFirstOrThrow({ where: { kind: "restore", accountId: accounts[i]!.id } });
      const event = await db.prisma.restoreEvent.findFirstOrThrow({ where: { accountId: accounts[i]!.id } });
      expect(email).toMatchObject({ toAddress: accounts[i]!.email, dedupeKey: `restore:${accounts[i]!.id}:${event.id}`, payload: { firstEventId: event.id } });
    }
  });

  it("answers a replayed key as duplicate and queues no second email; an unchanged item is applied", async () => {
    await db.prisma.emailOutbox.updateMany({ data: { status: "sent" } });
    const { body } = await post({ incident: incident.slug, items: [item(0)] });
    expect(body.items).toEqual([{ index: 0, key: "k-0", status: "duplicate" }]);
    const again = await post({ incident: incident.slug, items: [item(0, { key: "k-0-again" })] });
    expect(again.body.items).toEqual([{ index: 0, key: "k-0-again", status: "applied", unchanged: true }]);
    expect(await db.prisma.emailOutbox.count({ where: { kind: "restore" } })).toBe(2);
  });

  it("answers a key applied before as duplicate even when its impact has changed since, next to fresh items in the same batch", async () => {
    // k-1p put account 1's photos at partial; since then they were restored.
    const moved = await post({ incident: incident.slug, items: [item(1, { category: "photos", key: "k-1p-later" })] });
    expect(moved.body.items).toEqual([{ index: 0, key: "k-1p-later", status: "applied" }]);
    const eventsBefore = await db.prisma.restoreEvent.count();
    // The replay differs from the impact again, so the fast path meets the key and the
    // chunk runs again guarded: the replay is a duplicate, the fresh item still applies.
    const { status, body } = await post({
      incident: incident.slug,
      items: [item(1, { category: "photos", state: "partial", itemsRestored: 64, itemsTotal: 300, key: "k-1p" }), item(2, { category: "calendar", key: "k-2n" })],
    });
    expect(status).toBe(200);
    expect(body.items).toEqual([
      { index: 0, key: "k-1p", status: "duplicate" },
      { index: 1, key: "k-2n", status: "applied" },
    ]);
    expect(await db.prisma.restoreEvent.count()).toBe(eventsBefore + 1);
    const photos = await db.prisma.impact.findFirstOrThrow({ where: { accountId: accounts[1]!.id, category: { key: "photos" } } });
    expect(photos.state).toBe("restored");
    // One audit entry for the batch: the first try rolled back with its own.
    expect(await db.prisma.auditLog.count({ where: { action: "restores.apply", after: { path: ["firstKey"], equals: "k-1p" } } })).toBe(1);
  });

  it("a change to an account whose restore email still waits rides on that email", async () => {
    // k-1p-later queued account 1's email (the earlier ones were sent); it still waits.
    const waiting = await db.prisma.emailOutbox.count({ where: { kind: "restore", accountId: accounts[1]!.id, status: "queued" } });
    expect(waiting).toBe(1);
    const { body } = await post({ incident: incident.slug, items: [item(1, { category: "calendar", key: "k-1c" }), item(3, { key: "k-3" })] });
    expect(body).toMatchObject({ applied: 2, emailsQueued: 1 });
    expect(await db.prisma.emailOutbox.count({ where: { kind: "restore", accountId: accounts[1]!.id, status: "queued" } })).toBe(1);
    expect(await db.prisma.emailOutbox.count({ where: { kind: "restore", accountId: accounts[3]!.id } })).toBe(1);
  });

  it("rejects an item that repeats an earlier item's account and category, or its key, and applies the rest", async () => {
    const { status, body } = await post({
      incident: incident.slug,
      items: [item(2, { category: "photos", key: "d-1" }), item(2, { category: "photos", key: "d-2" }), item(3, { category: "photos", key: "d-1" })],
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ applied: 1, rejected: 2 });
    expect(body.items[1]!.reason).toBe("same account and category as item 0");
    expect(body.items[2]!.reason).toBe("same key as item 0");
    expect(await db.prisma.restoreEvent.count({ where: { idempotencyKey: { in: ["d-1", "d-2"] } } })).toBe(1);
  });

  it("401 without a valid key, 403 without the scope", async () => {
    expect((await post({ incident: incident.slug, items: [item(0)] }, "rp_nope")).status).toBe(401);
    expect((await post({ incident: incident.slug, items: [item(0)] }, reader.key)).status).toBe(403);
  });

  it("400 naming the item index and field; 400 for bad JSON; 404 for an unknown incident", async () => {
    const bad = await post({ incident: incident.slug, items: [item(0), item(1, { state: "lost" })] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: "VALIDATION", details: { index: 1, field: "state" } } });
    expect((bad.body.error as { message: string }).message).toMatch(/^items\[1\]\.state/);
    expect((await post("{not json")).status).toBe(400);
    expect((await post({ incident: "nope", items: [item(0)] })).status).toBe(404);
  });

  it("413 over 10,000 items", async () => {
    const items = Array.from({ length: 10_001 }, (_, i) => ({ account: "X", category: "contacts", state: "restored", key: `big-${i}` }));
    const { status, body } = await post({ incident: incident.slug, items });
    expect(status).toBe(413);
    expect(body).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });
});
