import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/record-audit";
import { resolveLookupToken } from "@/lib/lookup/resolve-lookup-token";
import { hashToken } from "@/lib/tokens";
import { restoreKind } from "@/lib/mail/kinds/restore";
import { emailOutbox, type OutboxRow } from "@/lib/mail/outbox-row";
import { resendEmail } from "@/lib/mail/resend-email";
import { claimSql } from "@/lib/outbox/outbox-sql";
import { createSmtpTransport } from "@/lib/mail/transport";
import { retryDelaySeconds, startMailWorker } from "@/lib/mail/worker";
import { applyStateChanges } from "@/lib/restores/apply-state-changes";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";
import { deliverDueMail } from "../helpers/mail-delivery";
import { startMailSink } from "../helpers/mail-sink";

const staff: Actor = { type: "staff", id: null, label: "test" };
const fast = { pollMs: 20, backoffBaseSeconds: 0.01, leaseSeconds: 30, log: () => {} };

describe("mail worker", async () => {
  const db = await useTestDatabase();
  const { incident, accounts, categories } = await createIncidentWithAccounts(db, { accounts: 3 });
  const update = await db.prisma.incidentUpdate.create({
    data: { incidentId: incident.id, status: "recovering", body: "Contacts are **back** for most accounts.", notifySubscribers: true },
  });

  /** Queues n incident-update emails in one statement; returns their ids. */
  async function queueUpdates(n: number, tag: string): Promise<number[]> {
    const rows = await db.driver.query<{ id: number }>(
      `INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "subject", "payload")
       SELECT 'test:' || $1 || ':' || g, 'incident_update', 'person' || g || '-' || $1 || '@example.com', 'Update',
              jsonb_build_object('updateId', $2::text)
       FROM generate_series(1, $3::int) g RETURNING "id"`,
      [tag, update.id, n],
    );
    return rows.map((r) => r.id);
  }

  it("backs off exponentially with jitter, capped at an hour", () => {
    expect(retryDelaySeconds(1, 30, () => 0)).toBe(15);
    expect(retryDelaySeconds(3, 30, () => 1)).toBe(120);
    expect(retryDelaySeconds(30, 30, () => 1)).toBe(3600);
  });

  it("delivers a coalesced restore email to the captured store with a stable Message-ID and an account link", async () => {
    const a = accounts[0]!;
    await applyStateChanges(db.prisma, [{ accountId: a.id, categoryId: categories[0]!.id, toState: "restored" }], staff, { coalesceSeconds: 0 });
    await applyStateChanges(db.prisma, [{ accountId: a.id, categoryId: categories[1]!.id, toState: "partial", itemsRestored: 64 }], staff);
    const worker = startMailWorker({ db, ...fast, until: "idle", messageIdHost: "portal.test" });
    await worker.done;
    const [row] = await db.prisma.emailOutbox.findMany({ where: { accountId: a.id, kind: "restore" } });
    expect(row).toMatchObject({ status: "sent", attempts: 1, subject: "Some of your data has been restored" });
    const captured = await db.prisma.capturedEmail.findUniqueOrThrow({ where: { outboxId: row!.id } });
    expect(captured.messageId).toBe(`<outbox-${row!.id}@portal.test>`);
    expect(captured.text).toMatch(/Contacts: restored \(100 of 100 items\)/);
    expect(captured.text).toMatch(/Calendar: partly restored \(64 of 100 items\)/);
    // The kept copy has no working link (test/integration/mail-secrets.test.ts): the
    // recipient's copy has, and it opens the account's private page.
    expect(captured.text).toContain("View your account [link removed: only the recipient gets it]");
    expect(captured.text).not.toMatch(/\/account\/[A-Za-z0-9_-]{43}/);
    await db.prisma.emailOutbox.update({ where: { id: row!.id }, data: { status: "queued", nextAttemptAt: new Date() } });
    const [delivered] = await deliverDueMail(db);
    const token = /\/account\/([A-Za-z0-9_-]+)/.exec(delivered!.text)?.[1];
    expect(token).toBeDefined();
    expect(await db.prisma.lookupToken.count({ where: { accountId: a.id, tokenHash: hashToken(token!) } })).toBe(1);
    await expect(resolveLookupToken(db.prisma, token!)).resolves.toMatchObject({ accountId: a.id });

    // The last category: a new email reports only it, and says the recovery is complete.
    await applyStateChanges(db.prisma, [{ accountId: a.id, categoryId: categories[2]!.id, toState: "unrecoverable" }], staff, { coalesceSeconds: 0 });
    await startMailWorker({ db, ...fast, until: "idle" }).done;
    const second = await db.prisma.emailOutbox.findFirstOrThrow({ where: { accountId: a.id, kind: "restore", id: { not: row!.id } } });
    expect(second).toMatchObject({ status: "sent", subject: "The recovery of your account is complete" });
    const text = (await db.prisma.capturedEmail.findUniqueOrThrow({ where: { outboxId: second.id } })).text;
    expect(text).toMatch(/Photos: could not be recovered/);
    expect(text).not.toMatch(/Contacts/);
  });

  it("fixes a restore email's coverage in the claim; the restore kind fixes it for a row claimed without it", async () => {
    const a = accounts[1]!;
    await applyStateChanges(db.prisma, [{ accountId: a.id, categoryId: categories[0]!.id, toState: "restored" }], staff, { coalesceSeconds: 0 });
    const [{ newest } = { newest: 0 }] = await db.driver.query<{ newest: number }>(`SELECT max("id")::int AS "newest" FROM "restore_event"`);
    // An older worker's claim (without the coverage): prepare writes it before anything is sent.
    const [bare] = await db.driver.query<OutboxRow>(claimSql({ ...emailOutbox, claimExtraSet: undefined }), ["old-worker", 30, 10]);
    expect(bare).toMatchObject({ accountId: a.id, kind: "restore" });
    expect(bare!.payload).not.toHaveProperty("coversUpToEventId");
    const drafts = await restoreKind.prepare([bare!], db);
    expect(drafts.get(bare!.id)).toHaveProperty("email");
    const [stored] = await db.driver.query<{ payload: Record<string, unknown> }>(`SELECT "payload" FROM "email_outbox" WHERE "id" = $1`, [bare!.id]);
    expect(stored!.payload).toMatchObject({ coversFromEventId: 0, coversUpToEventId: newest });
    await db.driver.query(`UPDATE "email_outbox" SET "status" = 'sent' WHERE "id" = $1`, [bare!.id]);

    // This worker's claim returns the row with its coverage: after the sent email's events, up to the newest.
    await applyStateChanges(db.prisma, [{ accountId: a.id, categoryId: categories[1]!.id, toState: "restored" }], staff, { coalesceSeconds: 0 });
    const [claimed] = await db.driver.query<OutboxRow>(claimSql(emailOutbox), ["this-worker", 30, 10]);
    expect(claimed).toMatchObject({ accountId: a.id, kind: "restore" });
    expect(claimed!.payload).toMatchObject({ coversFromEventId: newest, coversUpToEventId: newest + 1 });
    const email = await (drafts.get(bare!.id) as { email: () => Promise<{ text: string }> }).email();
    expect(email.text).toMatch(/Contacts: restored/);
    const second = await (await restoreKind.prepare([claimed!], db)).get(claimed!.id);
    const text = (await (second as { email: () => Promise<{ text: string }> }).email()).text;
    expect(text).toMatch(/Calendar: restored/);
    expect(text).not.toMatch(/Contacts/);
    await db.driver.query(`UPDATE "email_outbox" SET "status" = 'sent' WHERE "id" = $1`, [claimed!.id]);
  });

  it("parks a message that can never be rendered (every kind has a template; this payload is malformed), saying why", async () => {
    await db.prisma.emailOutbox.create({ data: { dedupeKey: "bad-payload", kind: "staff_invite", toAddress: "new@example.com", subject: "Invite" } });
    await startMailWorker({ db, ...fast, until: "idle" }).done;
    const row = await db.prisma.emailOutbox.findUniqueOrThrow({ where: { dedupeKey: "bad-payload" } });
    expect(row.status).toBe("parked");
    expect(row.lastError).toMatch(/Malformed staff_invite payload: name: .*role/);
  });

  describe("against a real SMTP server", async () => {
    const sink = await startMailSink({ parse: true });
    afterAll(() => sink.close());

    it("drill (a): 4xx to 30% and 10% of connections dropped mid-DATA: every message arrives, none twice", async () => {
      const ids = await queueUpdates(200, "drill-a");
      sink.faults.tempFailRate = 0.3;
      sink.faults.dropRate = 0.1;
      const transport = createSmtpTransport(sink.url, { maxConnections: 5 });
      const worker = startMailWorker({ db, ...fast, transport, concurrency: 5, maxAttempts: 30, until: "empty", messageIdHost: "drill.test" });
      await worker.done;
      await transport.close();
      sink.faults.tempFailRate = 0;
      sink.faults.dropRate = 0;
      const expected = ids.map((id) => `<outbox-${id}@drill.test>`);
      const arrived = expected.filter((m) => sink.counts.get(m) === 1);
      expect(arrived).toHaveLength(200);
      expect(expected.filter((m) => (sink.counts.get(m) ?? 0) > 1)).toEqual([]);
      expect(sink.stats.tempFailed).toBeGreaterThan(20);
      expect(sink.stats.dropped).toBeGreaterThan(3);
      expect(await db.prisma.emailOutbox.count({ where: { id: { in: ids }, status: "sent" } })).toBe(200);
      const sample = sink.received.find((m) => m.messageId === expected[0]);
      expect(sample?.subject).toBe(`Recovering: ${incident.title}`);
      expect(sample?.html).toContain("<strong>back</strong>");
      // 20-40 s on a loaded 2-core machine (hundreds of retries with backoff): more than the default 60 s must be allowed.
    }, 180_000);

    it("drill (c): a permanent 5xx parks the message; staff resends it and it is delivered", async () => {
      const [id] = await queueUpdates(1, "drill-c");
      const address = "person1-drill-c@example.com";
      sink.faults.rejectRecipient = (to) => to === address;
      const transport = createSmtpTransport(sink.url, { maxConnections: 2 });
      await startMailWorker({ db, ...fast, transport, until: "idle" }).done;
      const parked = await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id: id! } });
      expect(parked).toMatchObject({ status: "parked", attempts: 1 });
      expect(parked.lastError).toMatch(/550/);

      sink.faults.rejectRecipient = undefined;
      await resendEmail(db.prisma, { type: "staff", id: null, label: "support@example.com" }, id!);
      await startMailWorker({ db, ...fast, transport, until: "idle", messageIdHost: "drill.test" }).done;
      await transport.close();
      expect(await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ status: "sent" });
      expect(sink.counts.get(`<outbox-${id}@drill.test>`)).toBe(1);
      const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "mail.resend", targetId: String(id) } });
      expect(audit.actorLabel).toBe("support@example.com");
    });
  });
});
