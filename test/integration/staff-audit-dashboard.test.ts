import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record-audit";
import { cliPrincipal } from "@/lib/auth/principal";
import { enqueueEmail } from "@/lib/mail/enqueue-email";
import { seedDemo } from "@/lib/seed/seed-demo";
import { getDashboard } from "@/lib/staff/get-dashboard";
import { inviteStaff } from "@/lib/staff/invite-staff";
import { listAuditLog } from "@/lib/staff/list-audit-log";
import { useTestDatabase } from "../helpers/db";

describe("audit log page and dashboard", async () => {
  const db = await useTestDatabase();
  await seedDemo(db, { accounts: 30 });
  for (let i = 0; i < 7; i++) {
    await recordAudit(db.prisma, { type: "staff", id: `s${i % 2}`, label: i % 2 ? "ann@example.com" : "bob@example.com", ip: "198.51.100.1" }, {
      action: i < 4 ? "incident.update" : "letter.publish",
      targetType: i < 4 ? "incident" : "letter",
      targetId: `t${i % 3}`,
    });
  }

  it("filters by actor, action prefix and target, newest first", async () => {
    const byAnn = await listAuditLog(db.prisma, { actor: "ANN@" });
    expect(byAnn.entries.every((e) => e.actorLabel === "ann@example.com")).toBe(true);
    expect(byAnn.entries).toHaveLength(3);
    expect((await listAuditLog(db.prisma, { actor: "s0" })).entries).toHaveLength(4);
    expect((await listAuditLog(db.prisma, { action: "letter." })).entries).toHaveLength(3);
    expect((await listAuditLog(db.prisma, { targetType: "incident", targetId: "t0" })).entries.map((e) => e.targetId)).toEqual(["t0", "t0"]);
    const all = await listAuditLog(db.prisma, {});
    const ids = all.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it("pages by id so that a page does not shift when new entries arrive", async () => {
    const first = await listAuditLog(db.prisma, { pageSize: 3 });
    expect(first.entries).toHaveLength(3);
    expect(first.nextBefore).not.toBeNull();
    await recordAudit(db.prisma, cliPrincipal().actor, { action: "staff.invite", targetType: "staff_user", targetId: "new" });
    const second = await listAuditLog(db.prisma, { pageSize: 3, before: first.nextBefore ?? undefined });
    expect(second.entries[0]!.id).toBeLessThan(first.entries[2]!.id);
    expect(new Set([...first.entries, ...second.entries].map((e) => e.id)).size).toBe(6);
  });

  it("the dashboard reads progress from the aggregates, counts the outbox by status and lists recent activity", async () => {
    await enqueueEmail(db.prisma, { dedupeKey: "t-1", kind: "restore", to: "a@example.com", subject: "s" });
    await enqueueEmail(db.prisma, { dedupeKey: "t-2", kind: "restore", to: "b@example.com", subject: "s" });
    await db.prisma.emailOutbox.updateMany({ where: { dedupeKey: "t-2" }, data: { status: "parked" } });
    await inviteStaff(db.prisma, cliPrincipal(), { email: "new@example.com", role: "viewer" });
    const dashboard = await getDashboard(db.prisma);
    expect(dashboard.emails).toMatchObject({ queued: 2, parked: 1, sent: 0 }); // the invite is queued too
    const contacts = dashboard.incidents[0]?.categories.find((c) => c.key === "contacts");
    const aggregate = await db.prisma.categoryAggregate.findFirstOrThrow({ where: { category: { key: "contacts" } } });
    expect(contacts).toMatchObject({ restored: aggregate.restored, affected: aggregate.accounts - aggregate.notAffected });
    expect(dashboard.recentAudit[0]).toMatchObject({ action: "staff.invite", actorLabel: expect.stringMatching(/^cli/) });
  });
});

describe("recovery chart series", async () => {
  const db = await useTestDatabase();
  const { incidentId } = await seedDemo(db, { accounts: 30 });

  it("comes from the snapshots, thinned, one series per kind of data, ending at the live figures", async () => {
    const { getRecoverySeries } = await import("@/lib/staff/get-recovery-series");
    const series = await getRecoverySeries(db.prisma, incidentId, { points: 10 });
    expect(series.map((s) => s.key)).toEqual(["contacts", "calendar", "notes", "tasks", "photos", "other"]);
    const contacts = series[0]!;
    expect(contacts.points.length).toBeGreaterThan(2);
    expect(contacts.points.length).toBeLessThanOrEqual(11);
    const aggregate = await db.prisma.categoryAggregate.findFirstOrThrow({ where: { category: { key: "contacts", incidentId } } });
    expect(contacts.points.at(-1)!.restoredShare).toBeCloseTo(aggregate.restored / aggregate.accounts, 5);
  });
});
