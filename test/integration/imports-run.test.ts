import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/record-audit";
import { runImport } from "@/lib/imports/run-import";
import { fileSource } from "@/lib/imports/upload-source";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

const actor: Actor = { type: "staff", id: null, label: "importer@example.com" };
const fixture = (name: string) => path.resolve("test/fixtures", name);
const tmp = mkdtempSync(path.join(tmpdir(), "imports-test-"));
const header = "account_ref,email,display_name,locale,category,state,items_total,items_restored";

describe("runImport", async () => {
  const db = await useTestDatabase();
  const { incident } = await createIncidentWithAccounts(db, { accounts: 1, categories: ["contacts", "calendar", "photos"] });

  const newJob = async (fileName = "file.csv") =>
    (await db.prisma.importJob.create({ data: { incidentId: incident.id, fileName } })).id;
  const run = async (file: string, commit: boolean) => runImport(db, { jobId: await newJob(path.basename(file)), source: fileSource(file), commit, actor, mergeChunk: 3 });
  const tableCounts = async () => ({
    accounts: await db.prisma.account.count(),
    impacts: await db.prisma.impact.count(),
    events: await db.prisma.restoreEvent.count(),
    emails: await db.prisma.emailOutbox.count(),
  });
  const writeTmp = (name: string, content: string | Buffer) => {
    const file = path.join(tmp, name);
    writeFileSync(file, content);
    return file;
  };

  it("dry-runs the sample file: counts, no errors, nothing written", async () => {
    const before = await tableCounts();
    const report = await run(fixture("affected-accounts.csv"), false);
    expect(report).toMatchObject({ status: "validated", dryRun: true, rowsRead: 8, rowsRejected: 0, rowsApplied: 0, errors: [] });
    expect(await tableCounts()).toEqual(before);
    expect(await db.prisma.importJob.findUniqueOrThrow({ where: { id: report.jobId } })).toMatchObject({ status: "validated", rowsRead: 8 });
  });

  it("commits the sample file in one go, then a re-import changes nothing", async () => {
    const before = await tableCounts();
    const report = await run(fixture("affected-accounts.csv"), true);
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ status: "applied", rowsApplied: 8 });
    expect(report.summary).toMatchObject({ accountsCreated: 4, accountsUpdated: 0, impactsCreated: 8, statesChanged: 0 });
    const after = await tableCounts();
    expect(after.accounts - before.accounts).toBe(4);
    expect(after.impacts - before.impacts).toBe(8);
    // Non-pending new impacts get an event; terminal ones an email per account (Grace, José).
    expect(after.events - before.events).toBe(5);
    expect(after.emails - before.emails).toBe(2);
    const grace = await db.prisma.account.findUniqueOrThrow({ where: { externalRef: "IMP-0002" }, include: { impacts: true } });
    expect(grace).toMatchObject({ email: "grace.hopper@example.com", displayName: "Hopper, Grace" });
    expect(grace.impacts.map((i) => [i.state, i.itemsTotal, i.itemsRestored]).sort()).toEqual([["partial", 64, 40], ["restored", 120, 120]]);
    const kim = await db.prisma.account.findUniqueOrThrow({ where: { externalRef: "IMP-0004" } });
    expect(kim).toMatchObject({ displayName: 'Kim "KJ" Jung', locale: "fr" });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "import.commit", targetId: report.jobId } });
    expect(audit).toMatchObject({ actorLabel: "importer@example.com", targetType: "import_job" });
    const aggregate = await db.prisma.categoryAggregate.findFirstOrThrow({ where: { category: { key: "contacts", incidentId: incident.id } } });
    expect(aggregate.accounts).toBe(5);

    const again = await run(fixture("affected-accounts.csv"), true);
    expect(again).toMatchObject({ status: "applied", rowsApplied: 8 });
    expect(again.summary).toEqual({ accountsCreated: 0, accountsUpdated: 0, impactsCreated: 0, statesChanged: 0, events: 0, emailsQueued: 0 });
    expect(await tableCounts()).toEqual(after);
  });

  it("changes states of existing impacts through applyStateChanges (events, emails, import actor)", async () => {
    await run(fixture("affected-accounts.csv"), true);
    const file = writeTmp("change.csv", `${header}\nIMP-0001,ada@example.com,Ada L.,en,contacts,restored,312,\nIMP-0001,ada@example.com,Ada L.,en,calendar,restoring,88,\n`);
    const report = await run(file, true);
    expect(report.errors).toEqual([]);
    expect(report.summary).toMatchObject({ accountsUpdated: 1, statesChanged: 1, emailsQueued: 1 });
    const ada = await db.prisma.account.findUniqueOrThrow({ where: { externalRef: "IMP-0001" } });
    expect(ada.displayName).toBe("Ada L.");
    const events = await db.prisma.restoreEvent.findMany({ where: { accountId: ada.id, toState: "restored" } });
    expect(events).toMatchObject([{ fromState: "pending", actorType: "import", actorId: report.jobId, itemsRestored: 312, note: "import change.csv" }]);
  });

  it("reports every bad row by line and field, and a commit with errors applies nothing", async () => {
    const before = await tableCounts();
    const report = await run(fixture("affected-accounts-bad.csv"), true);
    expect(report.status).toBe("failed");
    expect(report.rowsRead).toBe(9);
    expect(report.errors).toEqual([
      { line: 3, field: "category", reason: 'unknown category "fotos": this incident has contacts, calendar, photos' },
      { line: 4, field: "email", reason: "is not a valid email address" },
      { line: 5, field: "category", reason: "account IMP-0101 already has a row for contacts on line 2" },
      { line: 7, field: "items_restored", reason: "must not be more than items_total" },
      { line: 8, field: "email", reason: "account IMP-0103 has email three@example.com on line 6, a different one here" },
      { line: 9, field: "items_total", reason: "must be a whole number" },
      { line: 10, field: "state", reason: expect.stringContaining("must be one of pending, restoring") },
    ]);
    expect(report.rowsRejected).toBe(7);
    expect(await tableCounts()).toEqual(before);
  });

  it("rolls back segments already merged when a later row or the whole-file check rejects the file", async () => {
    // Segments of 3 rows: on PostgreSQL the first ones are merged while the rest is read.
    const rows = Array.from({ length: 9 }, (_, i) => `LATE-${i},late${i}@example.com,Late ${i},en,contacts,restored,10,10`);
    const before = await tableCounts();
    const badLate = await run(writeTmp("bad-late.csv", [header, ...rows, "LATE-9,not-an-email,Late 9,en,contacts,pending,1,0"].join("\n")), true);
    expect(badLate).toMatchObject({ status: "failed", rowsRead: 10, rowsRejected: 1, rowsApplied: 0 });
    expect(badLate.errors).toEqual([{ line: 11, field: "email", reason: "is not a valid email address" }]);
    expect(await tableCounts()).toEqual(before);

    const duplicateLate = await run(writeTmp("duplicate-late.csv", [header, ...rows, "LATE-0,late0@example.com,Late 0,en,contacts,pending,1,0"].join("\n")), true);
    expect(duplicateLate).toMatchObject({ status: "failed", rowsRead: 10, rowsRejected: 1, rowsApplied: 0 });
    expect(duplicateLate.errors).toEqual([{ line: 11, field: "category", reason: "account LATE-0 already has a row for contacts on line 2" }]);
    expect(await tableCounts()).toEqual(before);

    const unclosedLate = await run(writeTmp("unclosed-late.csv", [header, ...rows, 'LATE-9,late9@example.com,"Late 9,en,contacts,pending,1,0'].join("\n")), true);
    expect(unclosedLate.status, JSON.stringify(unclosedLate.errors)).toBe("failed");
    expect(unclosedLate.errors).toEqual([{ line: 11, field: null, reason: expect.stringContaining("never closed") }]);
    expect(await tableCounts()).toEqual(before);
    const job = await db.prisma.importJob.findUniqueOrThrow({ where: { id: unclosedLate.jobId } });
    expect(job).toMatchObject({ status: "failed", rowsApplied: 0 });

    const good = await run(writeTmp("good-segments.csv", [header, ...rows].join("\n")), true);
    expect(good).toMatchObject({ status: "applied", rowsRead: 9, rowsApplied: 9, summary: { accountsCreated: 9, impactsCreated: 9, events: 9, emailsQueued: 9 } });
    expect(await db.prisma.auditLog.count({ where: { action: "import.commit", targetId: good.jobId } })).toBe(1);
  });

  it("handles a BOM, CRLF and a quoted newline, pointing at the real lines", async () => {
    const report = await run(fixture("affected-accounts-bom-crlf.csv"), false);
    expect(report.rowsRead).toBe(3);
    expect(report.errors).toEqual([
      { line: 2, field: "display_name", reason: "must not contain control characters or line breaks" },
      { line: 5, field: "email", reason: "is not a valid email address" },
    ]);
  });

  it.each([
    ["affected-accounts-empty.csv", { line: 1, field: null, reason: expect.stringContaining("the file is empty") }],
    ["affected-accounts-header-only.csv", { line: 2, field: null, reason: "the file has a header but no data rows" }],
    ["affected-accounts-unclosed-quote.csv", { line: 2, field: null, reason: expect.stringContaining("never closed") }],
  ])("refuses %s with one precise error", async (name, error) => {
    const before = await tableCounts();
    const report = await run(fixture(name), true);
    expect(report.status).toBe("failed");
    expect(report.errors).toEqual([error]);
    expect(await tableCounts()).toEqual(before);
  });

  it("refuses a binary file, a 10 MB field and a wrong header", async () => {
    const binary = writeTmp("photo.csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]));
    expect((await run(binary, false)).errors).toEqual([{ line: 1, field: null, reason: expect.stringContaining("binary file") }]);
    const huge = writeTmp("huge.csv", `${header}\nIMP-0401,a@example.com,A,en,contacts,pending,1,0\nIMP-0402,b@example.com,${"x".repeat(10 * 1024 * 1024)},en,contacts,pending,1,0\n`);
    expect((await run(huge, false)).errors).toEqual([{ line: 3, field: null, reason: "the row is longer than 65,536 characters" }]);
    const wrong = writeTmp("wrong.csv", `account,email\nx,y\n`);
    expect((await run(wrong, false)).errors).toEqual([{ line: 1, field: "account", reason: expect.stringContaining('unknown column "account"') }]);
  });
});
