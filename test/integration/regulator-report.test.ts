import { describe, expect, it } from "vitest";
import { cliPrincipal, type Principal } from "../../lib/auth/principal";
import { AppError } from "../../lib/errors";
import { getRegulatorReport } from "../../lib/incidents/get-regulator-report";
import { issueRegulatorReport } from "../../lib/incidents/issue-regulator-report";
import { getRegulatorReportVersion, listRegulatorReportVersions } from "../../lib/incidents/list-regulator-report-versions";
import { setIncidentAwareness } from "../../lib/incidents/set-incident-awareness";
import { applyStateChanges } from "../../lib/restores/apply-state-changes";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

const db = await useTestDatabase();
const { incident, categories, accounts } = await createIncidentWithAccounts(db, { accounts: 6, categories: ["contacts", "photos"], itemsTotal: 100 });
const [contacts, photos] = categories as [(typeof categories)[number], (typeof categories)[number]];
const admin = cliPrincipal();
const support: Principal = { role: "support", staffId: null, actor: { type: "system", id: null, label: "support" } };
const system = { type: "system" as const, id: null, label: "test" };
const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e instanceof AppError ? e.code : String(e)));
const hour = 3_600_000;

// Account 5 is not affected at all; account 0 lost its photos; account 1 got 30 of 100 contacts back.
await db.prisma.$transaction((tx) =>
  applyStateChanges(
    tx,
    [
      { accountId: accounts[5]!.id, categoryId: contacts.id, toState: "not_affected" },
      { accountId: accounts[5]!.id, categoryId: photos.id, toState: "not_affected" },
      { accountId: accounts[0]!.id, categoryId: photos.id, toState: "unrecoverable" },
      { accountId: accounts[1]!.id, categoryId: contacts.id, toState: "partial", itemsRestored: 30 },
      { accountId: accounts[2]!.id, categoryId: contacts.id, toState: "restored" },
    ],
    system,
  ),
);
await db.prisma.incidentUpdate.create({ data: { incidentId: incident.id, status: "identified", body: "We found the faulty storage node.", publishedAt: new Date(Date.now() - 2 * hour) } });
await db.prisma.incidentUpdate.create({ data: { incidentId: incident.id, status: "recovering", body: "Restores from the October snapshot have started.", publishedAt: new Date(Date.now() - hour) } });

// The clock from import to first notice: accounts 0..4 imported 10 h ago; 0 notified after 2 h, 1 after 4 h, 2 after 9 h
// (its lookup link after 1 h is not a notice); 3 and 4 not yet.
const importedAt = new Date(Date.now() - 10 * hour);
await db.prisma.impact.updateMany({ where: { incidentId: incident.id }, data: { createdAt: importedAt } });
const sent = async (account: number, afterHours: number, kind: "restore" | "lookup_link" = "restore") =>
  db.prisma.emailOutbox.create({
    data: { dedupeKey: `t:${account}:${afterHours}:${kind}`, kind, toAddress: accounts[account]!.email, accountId: accounts[account]!.id, subject: "s", status: "sent", sentAt: new Date(importedAt.getTime() + afterHours * hour) },
  });
await sent(0, 2);
await sent(1, 4);
await sent(2, 1, "lookup_link");
await sent(2, 9);
await sent(5, 1);

describe("the regulator summary", () => {
  it("computes the Art. 33(3) figures from the records", async () => {
    const report = await getRegulatorReport(db.prisma, incident.id);
    expect(report.totals).toEqual({ people: 5, records: 1000, lostRecords: 170, peopleWithLoss: 2, partial: 1, unrecoverable: 1 });
    expect(report.categories.map((c) => [c.key, c.people, c.records, c.restoredRecords, c.partial, c.unrecoverable, c.lostRecords])).toEqual([
      ["contacts", 5, 500, 130, 1, 0, 70],
      ["photos", 5, 500, 0, 0, 1, 100],
    ]);
    // Recount in SQL, independently: people affected per category.
    const recount = await db.prisma.impact.groupBy({ by: ["categoryId"], where: { incidentId: incident.id, state: { not: "not_affected" } }, _count: { _all: true } });
    for (const c of recount) expect(report.categories.find((x) => x.key === categories.find((k) => k.id === c.categoryId)!.key)!.people).toBe(c._count._all);
    expect(report.measures.map((m) => m.body)).toEqual(["We found the faulty storage node.", "Restores from the October snapshot have started."]);
    expect(report.clocks.notice).toEqual({ accounts: 5, notified: 3, waiting: 2, medianHours: 4, worstHours: 9, oldestWaitingHours: 10 });
    expect(report.clocks.deadlineAt).toBeNull();
  });

  it("refuses to issue before 'became aware' is set, a support member issuing, and an awareness time in the future", async () => {
    expect(await codeOf(issueRegulatorReport(db.prisma, admin, { incidentId: incident.id }))).toBe("VALIDATION");
    expect(await codeOf(issueRegulatorReport(db.prisma, support, { incidentId: incident.id }))).toBe("FORBIDDEN");
    expect(await codeOf(setIncidentAwareness(db.prisma, admin, { incidentId: incident.id, awareAt: new Date(Date.now() + 2 * hour).toISOString(), dpoContact: "dpo@example.com" }))).toBe("VALIDATION");
    expect(await codeOf(setIncidentAwareness(db.prisma, admin, { incidentId: incident.id, awareAt: "yesterday", dpoContact: "dpo@example.com" }))).toBe("VALIDATION");
    expect(await codeOf(setIncidentAwareness(db.prisma, admin, { incidentId: incident.id, awareAt: "2026-11-30T10:00", dpoContact: " " }))).toBe("VALIDATION");
    expect(await db.prisma.regulatorReportVersion.count()).toBe(0);
  });

  it("keeps each issued version as it was; the 72-hour clock runs from 'became aware'", async () => {
    const aware = new Date(Date.now() - 30 * hour);
    await setIncidentAwareness(db.prisma, admin, { incidentId: incident.id, awareAt: aware.toISOString(), dpoContact: "Dana Privacy, dpo@example.com, +44 20 7946 0000" });
    const live = await getRegulatorReport(db.prisma, incident.id);
    expect(live.clocks.deadlineAt).toBe(new Date(aware.getTime() + 72 * hour).toISOString());
    expect(live.clocks.firstIssuedInTime).toBeNull();
    expect(live.clocks.hoursSinceAware).toBeCloseTo(30, 0);

    expect(await issueRegulatorReport(db.prisma, admin, { incidentId: incident.id })).toEqual({ version: 1 });
    const v1 = await getRegulatorReportVersion(db.prisma, incident.id, 1);
    expect(v1.report.clocks.firstIssuedInTime).toBe(true);
    expect(v1.report.incident.dpoContact).toContain("dpo@example.com");
    expect(v1.report.totals.unrecoverable).toBe(1);

    // More loss, then a re-issue: version 2 has the new figures, version 1 is unchanged.
    await db.prisma.$transaction((tx) => applyStateChanges(tx, [{ accountId: accounts[3]!.id, categoryId: photos.id, toState: "unrecoverable" }], system));
    expect(await issueRegulatorReport(db.prisma, admin, { incidentId: incident.id })).toEqual({ version: 2 });
    expect((await getRegulatorReportVersion(db.prisma, incident.id, 2)).report.totals.unrecoverable).toBe(2);
    expect((await getRegulatorReportVersion(db.prisma, incident.id, 1)).report).toEqual(v1.report);
    expect((await listRegulatorReportVersions(db.prisma, incident.id)).map((v) => [v.version, v.issuedBy])).toEqual([
      [1, admin.actor.label],
      [2, admin.actor.label],
    ]);
    expect((await getRegulatorReport(db.prisma, incident.id)).clocks.firstIssuedAt).toBe(v1.issuedAt.toISOString());
    expect(await codeOf(getRegulatorReportVersion(db.prisma, incident.id, 3))).toBe("NOT_FOUND");
    expect(await db.prisma.auditLog.count({ where: { action: "regulator_report.issue" } })).toBe(2);
  });

  it("says an issue after 72 hours is late", async () => {
    const other = await createIncidentWithAccounts(db, { accounts: 1, categories: ["notes"] });
    await setIncidentAwareness(db.prisma, admin, { incidentId: other.incident.id, awareAt: new Date(Date.now() - 80 * hour).toISOString(), dpoContact: "dpo@example.com" });
    await issueRegulatorReport(db.prisma, admin, { incidentId: other.incident.id });
    expect((await getRegulatorReportVersion(db.prisma, other.incident.id, 1)).report.clocks.firstIssuedInTime).toBe(false);
  });
});
