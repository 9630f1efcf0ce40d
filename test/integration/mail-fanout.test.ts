import { describe, expect, it } from "vitest";
import { queueLetterFanout, queueUpdateFanout } from "@/lib/mail/queue-update-fanout";
import { startMailWorker } from "@/lib/mail/worker";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

describe("update and letter fan-out", async () => {
  const db = await useTestDatabase();
  const { incident, accounts } = await createIncidentWithAccounts(db, { accounts: 3 });
  const other = await createIncidentWithAccounts(db, { accounts: 1 });
  await db.prisma.account.update({ where: { id: accounts[2]!.id }, data: { updatesOptOut: true } });
  const subscriber = (email: string, data: Record<string, unknown>, scope: "all" | "incident", incidentId?: string) =>
    db.prisma.subscriber.create({
      data: { email, unsubscribeTokenHash: `h-${email}`, ...data, subscriptions: { create: { scope, incidentId: incidentId ?? null } } },
    });
  await subscriber("all@example.com", { confirmedAt: new Date() }, "all");
  await subscriber("this@example.com", { confirmedAt: new Date() }, "incident", incident.id);
  await subscriber("other@example.com", { confirmedAt: new Date() }, "incident", other.incident.id);
  await subscriber("unconfirmed@example.com", {}, "all");
  await subscriber("gone@example.com", { confirmedAt: new Date(), unsubscribedAt: new Date() }, "all");
  // Also an affected account: gets one email, not two.
  await subscriber(accounts[0]!.email, { confirmedAt: new Date() }, "all");

  it("queues one incident_update email per confirmed subscriber and affected account, once", async () => {
    const update = await db.prisma.incidentUpdate.create({
      data: { incidentId: incident.id, status: "recovering", body: "Contacts are back.", notifySubscribers: true },
    });
    const queued = await db.prisma.$transaction((tx) => queueUpdateFanout(tx, update.id));
    const rows = await db.prisma.emailOutbox.findMany({ where: { kind: "incident_update" }, orderBy: { toAddress: "asc" } });
    expect(rows.map((r) => r.toAddress)).toEqual([accounts[0]!.email, accounts[1]!.email, "all@example.com", "this@example.com"].sort());
    expect(queued).toBe(4);
    expect(rows.find((r) => r.toAddress === accounts[0]!.email)).toMatchObject({ accountId: accounts[0]!.id, dedupeKey: `update:${update.id}:${accounts[0]!.email}` });
    expect(await db.prisma.$transaction((tx) => queueUpdateFanout(tx, update.id))).toBe(0);
  });

  it("emails a letter personalised with merge fields", async () => {
    const letter = await db.prisma.letter.create({
      data: {
        incidentId: incident.id, slug: "sorry", title: "We are sorry", body: "Dear {{name}}, your {{categories}} matter to us.",
        signatoryName: "A. Person", signatoryTitle: "CEO", publishedAt: new Date(),
        revisions: { create: { revision: 1, title: "We are sorry", body: "Dear {{name}}, your {{categories}} matter to us.", signatoryName: "A. Person", signatoryTitle: "CEO" } },
      },
    });
    expect(await db.prisma.$transaction((tx) => queueLetterFanout(tx, letter.id))).toBe(4);
    await db.prisma.emailOutbox.updateMany({ where: { kind: { not: "letter" } }, data: { status: "sent" } });
    await startMailWorker({ db, pollMs: 20, until: "idle", log: () => {} }).done;
    const mine = await db.prisma.capturedEmail.findFirstOrThrow({ where: { toAddress: accounts[1]!.email } });
    expect(mine.subject).toBe("We are sorry");
    expect(mine.text).toMatch(/Dear Customer 2, your contacts, calendar, photos matter to us\./);
    const theirs = await db.prisma.capturedEmail.findFirstOrThrow({ where: { toAddress: "all@example.com" } });
    expect(theirs.text).toMatch(/Dear customer, your data matter to us\./);
  });
});
