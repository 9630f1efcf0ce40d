import { afterAll, describe, expect, it } from "vitest";
import { cliPrincipal } from "@/lib/auth/principal";
import { createIncident } from "@/lib/incidents/create-incident";
import { postIncidentUpdate } from "@/lib/incidents/post-incident-update";
import { publishLetterFromText } from "@/lib/letters/publish-letter-from-text";
import { applyStateChanges } from "@/lib/restores/apply-state-changes";
import { getDashboard } from "@/lib/staff/get-dashboard";
import { createWebhookEndpoint } from "@/lib/webhooks/create-webhook-endpoint";
import { listDisabledWebhookEndpoints } from "@/lib/webhooks/list-webhook-endpoints";
import { resendParkedWebhookDeliveries, resendWebhookDelivery, rotateWebhookSecret, sendTestWebhook, setWebhookEndpointEnabled } from "@/lib/webhooks/manage-webhook-endpoint";
import { startWebhookWorker } from "@/lib/webhooks/worker";
import { cli } from "../helpers/cli";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";
import { startWebhookReceiver } from "../helpers/webhook-receiver";

const admin = cliPrincipal();
const fast = { pollMs: 20, backoffBaseSeconds: 0.01, leaseSeconds: 30, timeoutSeconds: 1, log: () => {} };

describe("signed webhooks", async () => {
  const db = await useTestDatabase();
  const receiver = await startWebhookReceiver({ hangMs: 3_000 });
  afterAll(() => receiver.close());

  it("delivers every event once, signed (standardwebhooks verifies each request), through 500s and timeouts", async () => {
    const created = await cli(db, [
      "create-webhook", "--url", receiver.url, "--json",
      "--event", "incident.created", "--event", "incident.updated", "--event", "letter.published",
      "--event", "restores.batch_applied", "--event", "account.restored",
    ]);
    expect(created.code, created.stderr).toBe(0);
    const endpoint = created.json() as { id: string; secret: string };
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    receiver.setSecret(endpoint.secret);
    // Stored encrypted: the secret is nowhere in the row.
    const [stored] = await db.driver.query<{ secret_ciphertext: string }>(`SELECT "secret_ciphertext" FROM "webhook_endpoint"`);
    expect(stored!.secret_ciphertext).not.toContain(endpoint.secret.slice(6, 20));

    // The changes, each through its use case: the deliveries are queued in its transaction.
    const { id: incidentId } = await createIncident(db.prisma, admin, {
      slug: "webhook-outage", title: "Sync outage", summary: "Contacts did not sync.", impact: "major",
      startedAt: new Date().toISOString(), categories: "Contacts, Calendar",
    });
    await postIncidentUpdate(db.prisma, admin, { incidentId, status: "recovering", body: "Contacts are coming back.", publishIncident: true });
    await publishLetterFromText(db.prisma, admin, { incidentId, title: "We are sorry", body: "Dear customer, ...", signatoryName: "Ada", signatoryTitle: "CEO" });
    const { categories, accounts } = await createIncidentWithAccounts(db, { accounts: 3 });
    await db.prisma.$transaction((tx) =>
      applyStateChanges(
        tx,
        [
          { accountId: accounts[0]!.id, categoryId: categories[0]!.id, toState: "restored" },
          { accountId: accounts[0]!.id, categoryId: categories[1]!.id, toState: "partial", itemsRestored: 64 },
          { accountId: accounts[1]!.id, categoryId: categories[0]!.id, toState: "restoring" },
          { accountId: accounts[2]!.id, categoryId: categories[2]!.id, toState: "unrecoverable" },
        ],
        { type: "api_key", id: null, label: "pipeline" },
      ),
    );
    const queued = await db.prisma.webhookDelivery.findMany({ orderBy: { id: "asc" } });
    // A rolled-back change queues nothing.
    await expect(
      db.prisma.$transaction(async (tx) => {
        await applyStateChanges(tx, [{ accountId: accounts[1]!.id, categoryId: categories[1]!.id, toState: "restored" }], admin.actor);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await db.prisma.webhookDelivery.count()).toBe(queued.length);
    expect(queued.map((d) => d.eventType)).toEqual([
      "incident.created",
      "incident.updated",
      "letter.published",
      // One per chunk and incident; one per account that reached a final state (not accounts[1]: still restoring).
      "restores.batch_applied",
      "account.restored",
      "account.restored",
    ]);

    // Receiver faults: the first attempt of every delivery gets a 500, the second hangs
    // past the worker's timeout (the receiver has it, the sender does not know), the third is accepted.
    receiver.respond = (_request, attempt) => (attempt === 1 ? 500 : attempt === 2 ? "hang" : 204);
    const worker = startWebhookWorker({ db, ...fast, until: "empty", maxAttempts: 8, disableAfterFailures: 0 });
    await worker.done;
    expect(worker.stats).toMatchObject({ sent: queued.length, parked: 0 });

    expect(receiver.requests.filter((r) => !r.verified)).toEqual([]);
    // Every delivery met both faults before it got through (on a loaded machine a slow 500 can
    // also count as a timeout, so at least three attempts, not exactly three).
    for (const d of queued) {
      const answers = receiver.requests.filter((r) => r.id === d.messageId);
      expect(answers.length, d.eventType).toBeGreaterThanOrEqual(3);
    }
    // Each event once, by webhook-id, which stays the same on every retry.
    expect([...receiver.processed.keys()].sort()).toEqual(queued.map((d) => d.messageId).sort());
    // Every attempt is signed afresh (its own webhook-timestamp, inside verify's 5-minute tolerance).
    expect(receiver.requests.every((r) => /^v1,[A-Za-z0-9+/]{43}=$/.test(r.headers["webhook-signature"] ?? ""))).toBe(true);
    const events = [...receiver.processed.values()];
    expect(events.map((e) => e.type).sort()).toEqual(queued.map((d) => d.eventType).sort());
    const byType = (type: string) => events.filter((e) => e.type === type).map((e) => e.data);
    expect(byType("incident.created")[0]).toMatchObject({ incident: { slug: "webhook-outage", title: "Sync outage", publishedAt: null } });
    expect(byType("incident.updated")[0]).toMatchObject({ change: "update_posted", published: true, update: { status: "recovering", body: "Contacts are coming back." } });
    expect(byType("letter.published")[0]).toMatchObject({ letter: { title: "We are sorry", revision: 1 }, incident: { slug: "webhook-outage" } });
    expect(byType("restores.batch_applied")[0]).toMatchObject({ changes: 4, accounts: 3, states: { restored: 1, partial: 1, restoring: 1, unrecoverable: 1 }, actorType: "api_key" });
    expect(byType("account.restored").map((d) => d.account).sort((a, b) => String((a as { ref: string }).ref).localeCompare((b as { ref: string }).ref))).toEqual([
      { id: accounts[0]!.id, ref: accounts[0]!.externalRef },
      { id: accounts[2]!.id, ref: accounts[2]!.externalRef },
    ]);
    expect(byType("account.restored").find((d) => (d.account as { id: number }).id === accounts[0]!.id)).toMatchObject({
      categories: [
        { key: categories[0]!.key, state: "restored", itemsRestored: 100, itemsTotal: 100 },
        { key: categories[1]!.key, state: "partial", itemsRestored: 64, itemsTotal: 100 },
      ],
    });
    const rows = await db.prisma.webhookDelivery.findMany();
    expect(rows.every((r) => r.status === "sent" && r.attempts >= 3 && r.lastError === null && /^HTTP 204 in \d+ ms$/.test(r.lastResponse ?? ""))).toBe(true);
    const ep = await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(ep).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    expect(ep.lastSuccessAt).not.toBeNull();
  });

  it("sends account.restored only to endpoints that chose it, and nothing to a disabled endpoint", async () => {
    const other = await startWebhookReceiver();
    try {
      const { id, secret } = await createWebhookEndpoint(db.prisma, admin, { url: other.url, events: ["restores.batch_applied"] });
      other.setSecret(secret);
      const { categories, accounts } = await createIncidentWithAccounts(db, { accounts: 2 });
      const before = await db.prisma.webhookDelivery.count({ where: { endpointId: id } });
      await applyStateChanges(db.prisma, accounts.map((a) => ({ accountId: a.id, categoryId: categories[0]!.id, toState: "restored" as const })), admin.actor);
      expect((await db.prisma.webhookDelivery.findMany({ where: { endpointId: id, id: { gt: 0 } } })).map((d) => d.eventType).slice(before)).toEqual(["restores.batch_applied"]);
      await setWebhookEndpointEnabled(db.prisma, admin, { id, enabled: "false" });
      await applyStateChanges(db.prisma, accounts.map((a) => ({ accountId: a.id, categoryId: categories[1]!.id, toState: "restored" as const })), admin.actor);
      expect(await db.prisma.webhookDelivery.count({ where: { endpointId: id } })).toBe(before + 1);
    } finally {
      await other.close();
    }
  });

  it("retries an unreachable receiver, then parks with the reason; disables the endpoint after repeated failure; resend keeps the webhook-id", async () => {
    // A port nobody listens on: connection refused.
    const closed = await startWebhookReceiver();
    const deadUrl = closed.url;
    await closed.close();
    const { id } = await createWebhookEndpoint(db.prisma, admin, { url: deadUrl, events: ["incident.created"] });
    const { deliveryId } = await sendTestWebhook(db.prisma, admin, id);
    await startWebhookWorker({ db, ...fast, until: "empty", maxAttempts: 3, disableAfterFailures: 5 }).done;
    const parked = await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
    expect(parked).toMatchObject({ status: "parked", attempts: 3 });
    expect(parked.lastError).toMatch(/^gave up after 3 attempts: connection refused by 127\.0\.0\.1:\d+/);
    expect(await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toMatchObject({ enabled: true, consecutiveFailures: 3 });

    // Two more failures reach WEBHOOK_DISABLE_AFTER_FAILURES (5): disabled, with the reason, on the dashboard.
    await resendWebhookDelivery(db.prisma, admin, deliveryId);
    await db.prisma.$transaction((tx) =>
      createIncident(tx, admin, { slug: "dead-receiver", title: "Another", summary: "Another one.", impact: "minor", startedAt: new Date().toISOString(), categories: "Notes" }),
    );
    await startWebhookWorker({ db, ...fast, until: "empty", maxAttempts: 3, disableAfterFailures: 5 }).done;
    const endpoint = await db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(endpoint.enabled).toBe(false);
    expect(endpoint.disabledReason).toMatch(/^disabled after 5 failed attempts in a row; the last: connection refused/);
    expect((await listDisabledWebhookEndpoints(db.prisma)).map((e) => e.id)).toContain(id);
    // The dashboard's notice names the host and the reason (not the URL: it may carry a token, and every role reads it).
    expect((await getDashboard(db.prisma)).disabledWebhooks).toContainEqual(
      expect.objectContaining({ id, host: new URL(deadUrl).host, disabledReason: endpoint.disabledReason }),
    );
    expect(await db.prisma.auditLog.count({ where: { action: "webhook.disable", targetId: id, actorLabel: "webhook worker" } })).toBe(1);
    const created = await db.prisma.webhookDelivery.findFirstOrThrow({ where: { endpointId: id, eventType: "incident.created" } });
    expect(created.status).toBe("parked");
    expect(created.lastError).toMatch(/not sent: the endpoint is disabled|endpoint disabled after 5/);

    // The receiver is back: an admin enables the endpoint and resends; same webhook-id.
    const back = await startWebhookReceiver();
    try {
      await db.prisma.webhookEndpoint.update({ where: { id }, data: { url: back.url } });
      // A new secret (shown once): the receiver verifies with it from now on.
      const { secret } = await rotateWebhookSecret(db.prisma, admin, id);
      back.setSecret(secret);
      await expect(resendParkedWebhookDeliveries(db.prisma, admin, id)).rejects.toMatchObject({ code: "CONFLICT" });
      await setWebhookEndpointEnabled(db.prisma, admin, { id, enabled: "true" });
      await resendWebhookDelivery(db.prisma, admin, created.id);
      await startWebhookWorker({ db, ...fast, until: "empty" }).done;
      expect(back.requests.map((r) => [r.id, r.verified])).toEqual([[created.messageId, true]]);
      expect(await db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ status: "sent", attempts: 1 });
      // The test delivery is still parked: "resend all parked" brings it back in one statement (and it arrives).
      expect(await resendParkedWebhookDeliveries(db.prisma, admin, id)).toEqual({ id, resent: 1 });
      await startWebhookWorker({ db, ...fast, until: "empty" }).done;
      expect(back.requests.map((r) => r.id)).toEqual([created.messageId, parked.messageId]);
      expect(await db.prisma.webhookDelivery.count({ where: { endpointId: id, status: "sent" } })).toBe(2);
      expect(await db.prisma.auditLog.count({ where: { action: { in: ["webhook.resend", "webhook.enable", "webhook.test"] }, targetId: { in: [id, String(created.id), String(deliveryId)] } } })).toBe(4);
    } finally {
      await back.close();
    }
  });

  it("lists endpoints on the CLI without their secrets, and refuses a bad event naming the flag", async () => {
    const listed = await cli(db, ["list-webhooks", "--json"]);
    expect(listed.code).toBe(0);
    const endpoints = listed.json() as { url: string; secretPrefix: string; deliveries: { sent: number } }[];
    expect(endpoints.length).toBeGreaterThanOrEqual(3);
    expect(endpoints[0]).toMatchObject({ url: receiver.url, deliveries: { sent: 6 } });
    expect(listed.stdout).not.toMatch(/whsec_[A-Za-z0-9+/]{20}/);
    expect(listed.stdout).not.toContain("secretCiphertext");
    const bad = await cli(db, ["create-webhook", "--url", receiver.url, "--event", "incident.deleted"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--event.*must be one of incident\.created/);
    const text = await cli(db, ["list-webhooks"]);
    expect(text.stdout).toContain(receiver.url);
  });
});
