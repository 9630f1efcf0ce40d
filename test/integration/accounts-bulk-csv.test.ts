import { appendFileSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/admin/accounts/bulk/route";
import { confirmStateChangeFile, stateChangeFileHandler, uploadStateChangeFile } from "@/lib/accounts/state-change-file-job";
import { getStateChangeUpload, type StateChangeUpload } from "@/lib/accounts/state-change-uploads";
import { requestJobRun, runNextJob } from "@/lib/jobs/background-jobs";
import { changeImpactState } from "@/lib/accounts/change-impact-state";
import type { Actor } from "@/lib/audit/record-audit";
import { runImport } from "@/lib/imports/run-import";
import { fileSource } from "@/lib/imports/upload-source";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";
import { signedInAs } from "../helpers/staff";

// The route checks the signed-in staff member through next/headers: give it ours.
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [] }),
}));

// Read by env() on first use, which happens inside the tests below.
const dataDir = mkdtempSync(path.join(tmpdir(), "bulk-csv-"));
process.env.DATA_DIR = dataDir;
process.env.IMPORT_MAX_BYTES = "4096";

const actor: Actor = { type: "staff", id: null, label: "support@example.com" };
const header = "account_ref,category,state,items_restored,items_total,note";

describe("bulk state change by CSV file", async () => {
  const db = await useTestDatabase();
  // Uploads live in the database on PostgreSQL (any instance reads them), under DATA_DIR on PGlite.
  const storedFiles = async () =>
    db.engine === "postgres"
      ? (await db.driver.query<{ id: string }>(`SELECT DISTINCT upload_id::text AS id FROM upload_chunk ORDER BY 1`)).map((r) => r.id)
      : readdirSync(path.join(dataDir, "state-changes")).sort();
  /** Someone changes the stored bytes behind the check's back. */
  const tamper = async (id: string, extra: string) => {
    if (db.engine === "postgres") {
      await db.driver.query(`UPDATE upload_chunk SET data = data || $2::bytea WHERE upload_id = $1 AND seq = (SELECT max(seq) FROM upload_chunk WHERE upload_id = $1)`, [id, Buffer.from(extra)]);
    } else appendFileSync(path.join(dataDir, "state-changes", `${id}.csv`), extra);
  };
  const { incident, accounts, categories } = await createIncidentWithAccounts(db, { accounts: 4, slug: "bulk", categories: ["contacts", "calendar", "photos"] });
  const calendar = categories[1];
  // An account the incident does not affect.
  await db.prisma.account.create({ data: { externalRef: "lonely-1", email: "lonely@example.com", displayName: "Lonely" } });

  const upload = (content: string | Buffer, options: { fileName?: string; maxBytes?: number } = {}) =>
    uploadStateChangeFile(
      db,
      { fileName: options.fileName ?? "changes.csv", body: Readable.from([Buffer.from(content)]), maxBytes: options.maxBytes ?? 4096, incidentId: incident.id },
      actor,
    );
  const confirm = (u: StateChangeUpload, note = "Restored by support", expectedChanges = u.report.wouldChange) =>
    confirmStateChangeFile(db, { uploadId: u.id, expectedChanges, note }, actor);
  const tableCounts = async () => ({
    impacts: await db.prisma.impact.groupBy({ by: ["state"], _count: true, orderBy: { state: "asc" } }),
    events: await db.prisma.restoreEvent.count(),
    emails: await db.prisma.emailOutbox.count(),
    audit: await db.prisma.auditLog.count(),
  });
  const impactOf = (accountId: number, categoryId: number) =>
    db.prisma.impact.findUniqueOrThrow({ where: { accountId_categoryId: { accountId, categoryId } }, select: { state: true, itemsRestored: true, itemsTotal: true } });

  it("dry-runs the documented sample, then applies it in one go: states, events, coalesced emails, one audit entry", async () => {
    // The sample names the accounts of the import sample: import that first.
    const job = await db.prisma.importJob.create({ data: { incidentId: incident.id, fileName: "affected-accounts.csv" } });
    const imported = await runImport(db, { jobId: job.id, source: fileSource(path.resolve("test/fixtures/affected-accounts.csv")), commit: true, actor });
    expect(imported.status).toBe("applied");
    const before = await tableCounts();

    const checked = await upload(readFileSync("test/fixtures/state-changes.csv"), { fileName: "state-changes.csv" });
    expect(checked.report).toMatchObject({ rowsRead: 5, wouldChange: 4, unchanged: 1, rejected: 0, errors: [], unreadable: false });
    expect(checked).toMatchObject({ fileName: "state-changes.csv", incident: { id: incident.id, slug: "bulk" }, uploadedBy: "support@example.com" });
    expect(checked.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await tableCounts()).toEqual(before);
    expect(await getStateChangeUpload(db, checked.id)).toEqual(checked);

    const result = await confirm(checked);
    // IMP-0001 reaches two terminal states: one email. IMP-0002's change rides on the email
    // its import queued. IMP-0004 only starts restoring: no email.
    expect(result).toEqual({ fileName: "state-changes.csv", applied: 4, unchanged: 1, emailsQueued: 1 });
    const after = await tableCounts();
    expect(after.events - before.events).toBe(4);
    expect(after.emails - before.emails).toBe(1);
    expect(after.audit - before.audit).toBe(1);

    const account = (ref: string) => db.prisma.account.findUniqueOrThrow({ where: { externalRef: ref }, select: { id: true } });
    const ada = await account("IMP-0001");
    const grace = await account("IMP-0002");
    const kim = await account("IMP-0004");
    expect(await impactOf(grace.id, calendar!.id)).toEqual({ state: "restored", itemsRestored: 64, itemsTotal: 64 });
    const photos = categories[2]!;
    expect(await impactOf(ada.id, photos.id)).toEqual({ state: "partial", itemsRestored: 1200, itemsTotal: 1450 });
    const events = await db.prisma.restoreEvent.findMany({ where: { actorType: "staff" }, orderBy: { id: "asc" }, select: { accountId: true, toState: true, note: true } });
    expect(events).toEqual([
      { accountId: ada.id, toState: "restored", note: "Calendar restored from the October snapshot" },
      { accountId: ada.id, toState: "partial", note: "Restored by support" },
      { accountId: grace.id, toState: "restored", note: "Restored by support" },
      { accountId: kim.id, toState: "restoring", note: "Second pass, started 09:00" },
    ]);
    expect(await db.prisma.emailOutbox.count({ where: { accountId: ada.id, kind: "restore", status: "queued" } })).toBe(1);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "impact.bulk_change_state_file" } });
    expect(audit).toMatchObject({
      actorLabel: "support@example.com",
      targetType: "state_change_file",
      targetId: checked.id,
      before: { incident: "bulk", file: "state-changes.csv", sha256: checked.sha256, rows: 5, wouldChange: 4 },
      after: { applied: 4, unchanged: 1, emailsQueued: 1, note: "Restored by support" },
    });
    // An applied file's job says so (its bytes are gone): the same id cannot be confirmed twice.
    expect((await getStateChangeUpload(db, checked.id)).job).toMatchObject({ status: "applied", running: false, takenOver: false, outcome: { status: "done", applied: 4 } });
    expect(await storedFiles()).not.toContain(db.engine === "postgres" ? checked.id : `${checked.id}.csv`);
    await expect(confirm(checked)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("applied already") });

    // The same file again changes nothing: no events, no emails, no audit entry.
    const again = await upload(readFileSync("test/fixtures/state-changes.csv"));
    expect(again.report).toMatchObject({ rowsRead: 5, wouldChange: 0, unchanged: 5, rejected: 0 });
    expect(await confirm(again)).toMatchObject({ applied: 0, unchanged: 5, emailsQueued: 0 });
    expect(await tableCounts()).toEqual(after);
  });

  it("reports every bad row by line and field; a file with a rejected row changes nothing", async () => {
    const before = await tableCounts();
    const checked = await upload(
      [
        header,
        "bulk-A1,contacts,restored,,,", // 2: fine
        "nobody,contacts,restored,,,", // 3
        "bulk-A2,fotos,restored,,,", // 4
        "bulk-A2,contacts,done,,,", // 5
        "bulk-A3,contacts,partial,50,40,", // 6
        "bulk-A1,Contacts,restoring,,,", // 7: the same pair as line 2
        "bulk-A3,calendar,partial,150,,", // 8: more than the 100 items the impact has
        "lonely-1,contacts,restored,,,", // 9
        "bulk-A4,calendar,,,,", // 10
        "bulk-A4,photos,restored,x,,", // 11
        "bulk-A4,contacts,restored", // 12
        `bulk-A4,calendar,restored,,,${"n".repeat(1_001)}`, // 13
      ].join("\n"),
    );
    expect(checked.report).toMatchObject({ rowsRead: 12, wouldChange: 1, unchanged: 0, rejected: 11, unreadable: false });
    expect(checked.report.errors).toEqual([
      { line: 3, field: "account_ref", reason: 'unknown account "nobody"' },
      { line: 4, field: "category", reason: 'unknown category "fotos": this incident has contacts, calendar, photos' },
      { line: 5, field: "state", reason: "must be one of pending, restoring, restored, partial, unrecoverable, not_affected" },
      { line: 6, field: "items_restored", reason: "must not be more than items_total" },
      { line: 7, field: "category", reason: "account bulk-A1 already has a row for contacts on line 2" },
      { line: 8, field: "items_restored", reason: "must not be more than items_total (100 for this account and category)" },
      { line: 9, field: "category", reason: "account lonely-1 has no contacts in this incident" },
      { line: 10, field: "state", reason: "is required" },
      { line: 11, field: "items_restored", reason: "must be a whole number" },
      { line: 12, field: null, reason: "the row has 3 fields, the header has 6" },
      { line: 13, field: "note", reason: "must be at most 1,000 characters" },
    ]);
    await expect(confirm(checked, "forced", 1)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("11 row(s) of the file are rejected (line 3, account_ref") });
    expect(await tableCounts()).toEqual(before);
  });

  it.each([
    ["empty", "", { line: 1, field: null, reason: `the file is empty: expected a header row (${header})` }],
    ["header only", `${header}\n`, { line: 2, field: null, reason: "the file has a header but no data rows" }],
    ["unclosed quote", `${header}\nbulk-A1,contacts,restored,,,"never closed\nbulk-A2,contacts,restored,,,\n`, { line: 2, field: null, reason: expect.stringContaining("never closed") }],
    ["binary", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), { line: 1, field: null, reason: expect.stringContaining("binary file") }],
    ["missing column", "account_ref,category\nbulk-A1,contacts\n", { line: 1, field: "state", reason: "the header lacks the required column(s) state" }],
    ["import file", "account_ref,email,category,state\n", { line: 1, field: "email", reason: expect.stringContaining('unknown column "email"') }],
  ])("refuses a file that cannot be read (%s) with one precise error, and will not apply it", async (_name, content, error) => {
    const before = await tableCounts();
    const checked = await upload(content);
    expect(checked.report).toMatchObject({ unreadable: true, wouldChange: 0, errors: [error] });
    await expect(confirm(checked, "forced", 0)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await tableCounts()).toEqual(before);
  });

  it("reads a BOM, CRLF and a quoted line break in a note, pointing at the real lines", async () => {
    const content = `\uFEFF${header}\r\nbulk-A2,photos,restoring,,,"two\r\nlines"\r\nbulk-A2,photos,restored,,,\r\n`;
    const checked = await upload(content);
    expect(checked.report).toMatchObject({ rowsRead: 2, wouldChange: 1, rejected: 1 });
    expect(checked.report.errors).toEqual([{ line: 4, field: "category", reason: "account bulk-A2 already has a row for photos on line 2" }]);
  });

  it("refuses the confirmation when the file's effect changed since the dry run, changing nothing, and shows fresh counts", async () => {
    const [, , a3, a4] = accounts;
    const checked = await upload(`${header}\nbulk-A3,calendar,restored,,,\nbulk-A4,calendar,restored,,,\n`);
    expect(checked.report).toMatchObject({ wouldChange: 2, unchanged: 0 });
    await changeImpactState(db.prisma, { accountId: a3!.id, categoryId: calendar!.id, toState: "restored", note: "by hand, meanwhile" }, actor);
    const before = await tableCounts();

    await expect(confirm(checked)).rejects.toMatchObject({ code: "CONFLICT", details: { expected: 2, current: 1 } });
    expect(await tableCounts()).toEqual(before);
    expect(await impactOf(a4!.id, calendar!.id)).toMatchObject({ state: "pending" });
    const fresh = await getStateChangeUpload(db, checked.id);
    expect(fresh.report).toMatchObject({ wouldChange: 1, unchanged: 1 });

    expect(await confirm(fresh)).toMatchObject({ applied: 1, unchanged: 1 });
    expect(await impactOf(a4!.id, calendar!.id)).toMatchObject({ state: "restored" });
  });

  it("refuses the confirmation when as many rows would change but not the same ones", async () => {
    const [a1, a2] = accounts;
    await changeImpactState(db.prisma, { accountId: a2!.id, categoryId: calendar!.id, toState: "unrecoverable", note: "set up" }, actor);
    // Line 2 would change (A1 calendar is pending); line 3 is already unrecoverable.
    const checked = await upload(`${header}\nbulk-A1,calendar,unrecoverable,,,\nbulk-A2,calendar,unrecoverable,,,\n`);
    expect(checked.report).toMatchObject({ wouldChange: 1, unchanged: 1 });
    // Meanwhile by hand: A1 reaches the file's state, A2 leaves it. Still one change, another row.
    await changeImpactState(db.prisma, { accountId: a1!.id, categoryId: calendar!.id, toState: "unrecoverable", note: "by hand" }, actor);
    await changeImpactState(db.prisma, { accountId: a2!.id, categoryId: calendar!.id, toState: "restoring", note: "by hand" }, actor);
    const before = await tableCounts();

    await expect(confirm(checked)).rejects.toMatchObject({ code: "CONFLICT", details: { expected: 1, current: 1, sameRows: false } });
    expect(await tableCounts()).toEqual(before);
    expect(await impactOf(a2!.id, calendar!.id)).toMatchObject({ state: "restoring" });
    const fresh = await getStateChangeUpload(db, checked.id);
    expect(fresh.report.wouldChangeDigest).not.toBe(checked.report.wouldChangeDigest);
    // What the person was shown travels with the form: a digest from the old page is refused too.
    await expect(
      confirmStateChangeFile(db, { uploadId: fresh.id, expectedChanges: 1, expectedDigest: checked.report.wouldChangeDigest, note: "x" }, actor),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await confirm(fresh)).toMatchObject({ applied: 1, unchanged: 1 });
    expect(await impactOf(a2!.id, calendar!.id)).toMatchObject({ state: "unrecoverable" });
  });

  it("applies one file once when it is confirmed twice at the same time", async () => {
    const checked = await upload(`${header}\nbulk-A1,photos,restored,,,\nbulk-A2,photos,unrecoverable,,,\n`);
    const before = await tableCounts();
    const results = await Promise.allSettled([confirm(checked), confirm(checked)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected")!;
    // Refused by the first one's audit entry, or (if that one already cleaned up) as gone.
    expect(["CONFLICT", "NOT_FOUND"]).toContain((refused.reason as { code: string }).code);
    const after = await tableCounts();
    expect(after.events - before.events).toBe(2);
    expect(after.audit - before.audit).toBe(1);
  });

  it("a confirmation whose instance died is taken over by another and applied once; one taken over after its commit changes nothing more", async () => {
    const checked = await upload(`${header}\nbulk-A3,photos,restored,,,\nbulk-A4,photos,restored,,,\n`);
    const before = await tableCounts();
    // The instance that took the confirmation died holding it: its lease ran out.
    await requestJobRun(db, checked.id, "confirm", { uploadId: checked.id, expectedChanges: 2, note: "taken over" }, actor);
    await db.driver.query(`UPDATE background_job SET locked_by = 'dead', locked_until = now() - interval '1 second', run_attempts = 1, status = 'running' WHERE id = $1`, [checked.id]);
    const running = await getStateChangeUpload(db, checked.id);
    expect(running.job).toMatchObject({ status: "running", running: true });
    await expect(confirm(running)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("being applied right now") });
    const handlers = { state_change_file: stateChangeFileHandler };
    expect(await runNextJob(db, handlers, { runner: "alive" })).toBe(true);
    const done = await getStateChangeUpload(db, checked.id);
    expect(done.job).toMatchObject({ status: "applied", takenOver: true, attempts: 2, outcome: { status: "done", applied: 2 } });
    const after = await tableCounts();
    expect(after.events - before.events).toBe(2);
    expect(after.audit - before.audit).toBe(1);

    // Died after its commit, before letting go: the next instance finds the audit entry.
    await db.driver.query(`UPDATE background_job SET run_wanted = 'confirm', locked_by = 'dead', locked_until = now() - interval '1 second', status = 'running' WHERE id = $1`, [checked.id]);
    expect(await runNextJob(db, handlers, { runner: "alive" })).toBe(true);
    expect(await tableCounts()).toEqual(after);
    expect((await getStateChangeUpload(db, checked.id)).job).toMatchObject({ status: "applied", outcome: { status: "refused", message: expect.stringContaining("applied already, by support@example.com") } });
  });

  it("keeps the upload safe between the steps: server-made ids only, and the checked bytes only", async () => {
    await expect(getStateChangeUpload(db, "../../../etc/passwd")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(confirmStateChangeFile(db, { uploadId: "../state-changes/x", expectedChanges: 1, note: "x" }, actor)).rejects.toThrow(/No such file/);
    await expect(confirmStateChangeFile(db, { uploadId: "00000000-0000-4000-8000-000000000000", expectedChanges: 1, note: "x" }, actor)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(confirmStateChangeFile(db, { uploadId: "00000000-0000-4000-8000-000000000000", expectedChanges: 1, note: " " }, actor)).rejects.toThrow(/Say why/);

    const checked = await upload(`${header}\nbulk-A1,calendar,restoring,,,\n`);
    await tamper(checked.id, "bulk-A2,calendar,restoring,,,\n");
    const before = await tableCounts();
    await expect(confirm(checked)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("not the one that was checked") });
    expect(await tableCounts()).toEqual(before);
    await expect(getStateChangeUpload(db, checked.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses a file over the limit naming it, keeping nothing", async () => {
    const files = await storedFiles();
    await expect(upload(`${header}\n${"bulk-A1,contacts,restored,,,\n".repeat(10)}`, { maxBytes: 100 })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: "The file is larger than the upload limit of 100 bytes (IMPORT_MAX_BYTES). Split it into smaller files: each is checked and applied on its own.",
    });
    expect(await storedFiles()).toEqual(files);
  });

  it("upload route: stores and checks a form upload for support staff, answers 400 for a bad incident and 413 over IMPORT_MAX_BYTES", async () => {
    requestHeaders = await signedInAs(db, "support");
    const post = (content: string, accept = "text/html", incidentId = incident.id) => {
      // In page order: the fields before the file.
      const form = new FormData();
      form.set("incidentId", incidentId);
      form.set("file", new File([content], "route.csv", { type: "text/csv" }));
      return POST(new Request("http://localhost/api/admin/accounts/bulk", { method: "POST", body: form, headers: { accept } }));
    };
    const redirected = await post(`${header}\nbulk-A1,calendar,partial,10,,\n`);
    expect(redirected.status).toBe(303);
    const id = new URL(redirected.headers.get("location")!, "http://localhost").searchParams.get("file")!;
    expect((await getStateChangeUpload(db, id)).report).toMatchObject({ rowsRead: 1, wouldChange: 1 });

    const json = await post(`${header}\nbulk-A1,calendar,partial,10,,\n`, "application/json");
    expect(json.status).toBe(201);
    expect(await json.json()).toMatchObject({ fileName: "route.csv", report: { wouldChange: 1 } });

    const files = await storedFiles();
    const badIncident = await post(`${header}\nbulk-A1,calendar,partial,10,,\n`, "application/json", "nope");
    expect(badIncident.status).toBe(400);
    expect(((await badIncident.json()) as { error: { message: string } }).error.message).toBe("Choose an incident.");
    const tooLarge = await post(`${header}\n${"bulk-A1,contacts,restored,,,\n".repeat(200)}`, "application/json");
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { message: string } }).error.message).toContain("upload limit of 4 KB (IMPORT_MAX_BYTES)");
    const tooLargeForm = await post(`${header}\n${"bulk-A1,contacts,restored,,,\n".repeat(200)}`);
    expect(tooLargeForm.status).toBe(303);
    expect(tooLargeForm.headers.get("location")).toContain("fileError=The+file+is+larger");
    expect(await storedFiles()).toEqual(files);
    // A field after the file is refused, not missed.
    const late = new FormData();
    late.set("file", new File([`${header}\nbulk-A1,calendar,partial,10,,\n`], "late.csv", { type: "text/csv" }));
    late.set("incidentId", incident.id);
    const lateResponse = await POST(new Request("http://localhost/api/admin/accounts/bulk", { method: "POST", body: late, headers: { accept: "application/json" } }));
    expect(lateResponse.status).toBe(400);
    expect(((await lateResponse.json()) as { error: { message: string } }).error.message).toContain("before the file");
    expect(await storedFiles()).toEqual(files);
  });
});
