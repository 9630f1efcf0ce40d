import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RecoveryChart } from "@/components/RecoveryChart";
import { getChartPoints } from "@/lib/aggregates/get-chart-points";
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
  const keys = ["contacts", "calendar", "notes", "tasks", "photos", "other"];

  it("comes from the snapshot table, thinned by time, every category at every kept time, ending at the live figures", async () => {
    const all = (await getChartPoints(db.prisma, [incidentId])).get(incidentId)!;
    const allTimes = [...new Set(all.map((p) => p.takenAt))];
    expect(allTimes.length).toBe(await db.prisma.aggregateSnapshot.groupBy({ by: ["takenAt"], where: { incidentId } }).then((r) => r.length));
    const points = (await getChartPoints(db.prisma, [incidentId], 10)).get(incidentId)!;
    const times = [...new Set(points.map((p) => p.takenAt))];
    expect(times).toHaveLength(10);
    expect([times[0], times.at(-1)]).toEqual([allTimes[0], allTimes.at(-1)]);
    expect(times).toEqual([...times].sort());
    for (const t of times) expect(points.filter((p) => p.takenAt === t).map((p) => p.category)).toEqual(keys);
    const aggregate = await db.prisma.categoryAggregate.findFirstOrThrow({ where: { category: { key: "contacts", incidentId } } });
    expect(points.findLast((p) => p.category === "contacts")).toMatchObject({ accounts: aggregate.accounts, restored: aggregate.restored, partial: aggregate.partial });
  });

  it("keeps each incident to its own times when incidents share snapshot times, and maps an incident without history to none", async () => {
    const other = await db.prisma.incident.create({ data: { slug: "second-outage", title: "Second outage", summary: "s", startedAt: new Date() } });
    const category = await db.prisma.dataCategory.create({ data: { incidentId: other.id, key: "mail", label: "Mail", position: 0 } });
    const quiet = await db.prisma.incident.create({ data: { slug: "quiet-outage", title: "Quiet", summary: "s", startedAt: new Date() } });
    // The second incident has a point at three of the first incident's times.
    const shared = (await db.prisma.aggregateSnapshot.groupBy({ by: ["takenAt"], where: { incidentId }, orderBy: { takenAt: "asc" } })).map((r) => r.takenAt);
    for (const takenAt of [shared[1]!, shared[2]!, shared[3]!]) {
      await db.prisma.aggregateSnapshot.create({ data: { incidentId: other.id, categoryId: category.id, takenAt, accounts: 4, restored: 1, partial: 0, unrecoverable: 0, itemsTotal: 0n, itemsRestored: 0n } });
    }
    const charts = await getChartPoints(db.prisma, [incidentId, other.id, quiet.id], 5);
    expect(new Set(charts.get(incidentId)!.map((p) => p.takenAt)).size).toBe(5);
    expect(charts.get(other.id)!.map((p) => [p.category, p.takenAt])).toEqual([shared[1]!, shared[2]!, shared[3]!].map((t) => ["mail", t.toISOString()]));
    expect(charts.get(quiet.id)).toEqual([]);
  });

  it("is what the dashboard draws, with the public pages' chart component", async () => {
    const dashboard = await getDashboard(db.prisma);
    const incident = dashboard.incidents.find((i) => i.id === incidentId)!;
    expect(incident.chart).toEqual((await getChartPoints(db.prisma, [incidentId])).get(incidentId));
    const html = renderToStaticMarkup(createElement(RecoveryChart, { id: "chart-x", points: incident.chart, categories: incident.categories, tableRows: 8 }));
    expect(html).toContain("Share of affected accounts restored over time, per kind of data");
    expect(html.match(/<tr><th scope="row">/g)).toHaveLength(8);
    const contacts = incident.categories.find((c) => c.key === "contacts")!;
    const last = incident.chart.findLast((p) => p.category === "contacts")!;
    expect(last.restored).toBe(contacts.restored);
    expect(html).toContain(`Contacts: ${((contacts.restored / contacts.affected) * 100).toFixed(1)}%`);
  });
});
