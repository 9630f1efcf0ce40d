import { describe, expect, it } from "vitest";
import { POST as casesPost } from "../../app/account/[token]/cases/route";
import InvalidAccountLink from "../../app/account/[token]/not-found";
import AccountPage from "../../app/account/[token]/page";
import type { Principal } from "../../lib/auth/principal";
import { addCaseNote } from "../../lib/cases/add-case-note";
import { answerCase } from "../../lib/cases/answer-case";
import { assignCase } from "../../lib/cases/assign-case";
import { getCase } from "../../lib/cases/get-case";
import { getCaseTrends } from "../../lib/cases/get-case-trends";
import { listCases } from "../../lib/cases/list-cases";
import { replyToCase } from "../../lib/cases/reply-to-case";
import { reportMissingData } from "../../lib/cases/report-missing-data";
import { previewRestoreReported, restoreReportedCategory } from "../../lib/cases/restore-reported-category";
import { setCaseState } from "../../lib/cases/set-case-state";
import { AppError } from "../../lib/errors";
import { applyStateChanges } from "../../lib/restores/apply-state-changes";
import { hashToken, newRandomToken } from "../../lib/tokens";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";
import { deliverDueMail } from "../helpers/mail-delivery";
import { pageResponse } from "../helpers/pages";
import { formRequest, outbox, params } from "../helpers/subscribers-fixtures";

const db = await useTestDatabase();
const { incident, categories, accounts } = await createIncidentWithAccounts(db, { accounts: 6, categories: ["contacts", "photos"] });
const [contacts, photos] = categories as [(typeof categories)[number], (typeof categories)[number]];
const system = { type: "system" as const, id: null, label: "test" };
// Photos came back partly for everyone: 64 of 100.
await db.prisma.$transaction((tx) =>
  applyStateChanges(tx, accounts.map((a) => ({ accountId: a.id, categoryId: photos.id, toState: "partial" as const, itemsRestored: 64, itemsTotal: 100 })), system),
);

const supportStaff = await db.prisma.staffUser.create({ data: { id: "staff-support-1", name: "Sam", email: "sam@example.com", role: "support" } });
const editorStaff = await db.prisma.staffUser.create({ data: { id: "staff-editor-1", name: "Eve", email: "eve@example.com", role: "editor" } });
const support: Principal = { role: "support", staffId: supportStaff.id, actor: { type: "staff", id: supportStaff.id, label: supportStaff.email } };
const editor: Principal = { role: "editor", staffId: editorStaff.id, actor: { type: "staff", id: editorStaff.id, label: editorStaff.email } };

async function linkFor(accountId: number, options: { expired?: boolean; revoked?: boolean } = {}): Promise<string> {
  const token = newRandomToken();
  await db.prisma.lookupToken.create({
    data: {
      accountId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + (options.expired ? -60_000 : 86_400_000)),
      revokedAt: options.revoked ? new Date() : null,
    },
  });
  return token;
}

const post = (token: string, fields: Record<string, string>) =>
  casesPost(formRequest(`http://localhost/account/${token}/cases`, fields, { "x-rp-remote-addr": "203.0.113.9" }), params({ token }));
const page = async (token: string, query: Record<string, string> = {}) =>
  pageResponse(AccountPage({ params: Promise.resolve({ token }), searchParams: Promise.resolve(query) }), InvalidAccountLink);
const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e instanceof AppError ? e.code : String(e)));

describe("something is missing: the customer's report from the private page", () => {
  it("opens a case tied to the account, the category and its state then; the page shows it, escaped", async () => {
    const token = await linkFor(accounts[0]!.id);
    const response = await post(token, {
      action: "report",
      categoryId: String(photos.id),
      missing: "My photos from 2008 <script>alert(1)</script>",
      itemsExpected: "300",
      details: "Only 64 of 300 came back.\nThe rest are holiday photos.",
      contact: "phone, evenings",
    });
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/account/${token}\\?reported=\\d+#case-\\d+$`));
    expect(response.headers.get("cache-control")).toBe("no-store");
    const caseId = Number(/reported=(\d+)/.exec(location)![1]);

    const stored = await db.prisma.supportCase.findUniqueOrThrow({ where: { id: caseId }, include: { messages: true } });
    expect(stored).toMatchObject({ accountId: accounts[0]!.id, categoryId: photos.id, incidentId: incident.id, state: "open", itemsExpected: 300, contact: "phone, evenings" });
    // Stored as text, as typed.
    expect(stored.missing).toBe("My photos from 2008 <script>alert(1)</script>");
    expect(stored.messages.map((m) => [m.kind, m.body])).toEqual([["report", "Only 64 of 300 came back.\nThe rest are holiday photos."]]);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "case.report", targetId: String(caseId) } });
    expect(audit).toMatchObject({ actorType: "customer", actorId: String(accounts[0]!.id), ip: "203.0.113.9" });
    expect(audit.after).toMatchObject({ recorded: { state: "partial", itemsRestored: 64, itemsTotal: 100 } });

    const html = await (await page(token, { reported: String(caseId) })).text();
    expect(html).toContain("Your report C-");
    expect(html).toContain("My photos from 2008 &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("you expected 300 items");
  });

  it("refuses an expired or switched-off link the way the page does: back to the page, which offers a new link", async () => {
    for (const problem of ["expired", "revoked"] as const) {
      const token = await linkFor(accounts[1]!.id, { [problem]: true });
      const before = await db.prisma.supportCase.count();
      const response = await post(token, { action: "report", categoryId: String(photos.id), missing: "photos", contact: "email" });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/account/${token}`);
      const shown = await page(token);
      expect(shown.status).toBe(307);
      expect(shown.headers.get("location")).toBe(`/lookup?link=${problem}`);
      expect(await db.prisma.supportCase.count()).toBe(before);
    }
    // An unknown token: the same way, the page is a 404 that offers a new link.
    const unknown = newRandomToken();
    expect((await post(unknown, { action: "report", categoryId: String(photos.id), missing: "x", contact: "y" })).headers.get("location")).toBe(`/account/${unknown}`);
    expect((await page(unknown)).status).toBe(404);
  });

  it("names the bad field, and refuses a category the account does not have", async () => {
    const token = await linkFor(accounts[1]!.id);
    const missing = await post(token, { action: "report", categoryId: String(photos.id), missing: "  ", contact: "email" });
    expect(missing.headers.get("location")).toBe(`/account/${token}?caseError=VALIDATION&field=missing#cases`);
    expect(await (await page(token, { caseError: "VALIDATION", field: "missing" })).text()).toContain("Say what is missing");
    const other = await createIncidentWithAccounts(db, { accounts: 1, categories: ["notes"] });
    const error = await reportMissingData(db, token, { categoryId: other.categories[0]!.id, missing: "notes", contact: "email" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VALIDATION", details: { fields: { categoryId: expect.any(String) } } });
    expect(await codeOf(reportMissingData(db, token, { categoryId: photos.id, missing: "x", contact: "y", itemsExpected: "-3" }))).toBe("VALIDATION");
  });

  it("thousands of reports from one link: 10 go in, the rest are refused; another customer's report still goes in", async () => {
    const account = accounts[2]!;
    const token = await linkFor(account.id);
    const results = new Map<string, number>();
    for (let i = 0; i < 2_000; i++) {
      const code = await codeOf(reportMissingData(db, token, { categoryId: contacts.id, missing: `report ${i}`, contact: "email" }));
      results.set(code, (results.get(code) ?? 0) + 1);
    }
    expect(Object.fromEntries(results)).toEqual({ OK: 10, RATE_LIMITED: 1_990 });
    expect(await db.prisma.supportCase.count({ where: { accountId: account.id } })).toBe(10);
    // Through the route, the page says so in words.
    const limited = await post(token, { action: "report", categoryId: String(contacts.id), missing: "again", contact: "email" });
    expect(limited.headers.get("location")).toBe(`/account/${token}?caseError=RATE_LIMITED#cases`);
    expect(await (await page(token, { caseError: "RATE_LIMITED" })).text()).toContain("Please wait an hour");
    // A second link of the same account does not start over: the account has its own limit.
    const second = await linkFor(account.id);
    const more: string[] = [];
    for (let i = 0; i < 12; i++) more.push(await codeOf(reportMissingData(db, second, { categoryId: contacts.id, missing: `second ${i}`, contact: "email" })));
    expect(more.filter((c) => c === "OK")).toHaveLength(10);
    expect(await db.prisma.supportCase.count({ where: { accountId: account.id } })).toBe(20);
    const third = await linkFor(account.id);
    expect(await codeOf(reportMissingData(db, third, { categoryId: contacts.id, missing: "third", contact: "email" }))).toBe("RATE_LIMITED");
    // Nothing lost for the rest.
    const neighbour = await linkFor(accounts[3]!.id);
    expect(await codeOf(reportMissingData(db, neighbour, { categoryId: photos.id, missing: "my photos", contact: "email" }))).toBe("OK");
  });
});

describe("cases for support", () => {
  it("a reply reaches the customer by email (fresh private link) and on their page; a note never does", async () => {
    const account = accounts[4]!;
    const token = await linkFor(account.id);
    const { caseId } = await reportMissingData(db, token, { categoryId: photos.id, missing: "holiday photos", itemsExpected: 300, contact: "email" });
    await addCaseNote(db.prisma, support, { caseId, body: "INTERNAL: pipeline skipped shard 7" });
    const reply = await replyToCase(db.prisma, support, { caseId, body: "We found <b>236</b> more photos.\nThey are being restored." });
    expect(reply.emailQueued).toBe(true);
    const queued = (await outbox(db, "case_reply")).filter((r) => r.account_id === account.id);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ to_address: account.email, subject: "Our reply to your report about photos", payload: { caseId, messageId: reply.messageId } });
    expect(JSON.stringify(queued[0]!.payload)).not.toContain("236");

    const sent = (await deliverDueMail(db)).filter((m) => m.to === account.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("Our reply to your report about photos");
    expect(sent[0]!.text).toContain("We found <b>236</b> more photos.");
    expect(sent[0]!.html).toContain("We found &#60;b&#62;236&#60;/b&#62; more photos.");
    expect(sent[0]!.html).not.toContain("<b>236");
    expect(sent[0]!.text).not.toContain("INTERNAL");
    const link = /\/account\/([A-Za-z0-9_-]{43})#cases/.exec(sent[0]!.text)?.[1];
    expect(link).toBeDefined();
    expect(sent[0]!.secrets).toEqual([expect.stringContaining(link!)]);

    const html = await (await page(link!)).text();
    expect(html).toContain("Our support team");
    expect(html).toContain("We found &lt;b&gt;236&lt;/b&gt; more photos.");
    expect(html).toContain("Answered: reply below");
    expect(html).not.toContain("INTERNAL");
    expect(html).not.toContain("shard 7");

    // The customer answers: the case is support's turn again.
    await answerCase(db, link!, { caseId, body: "Thanks, still 10 missing." });
    const detail = await getCase(db.prisma, caseId);
    expect(detail.state).toBe("open");
    expect(detail.messages.map((m) => m.kind)).toEqual(["report", "note", "reply", "customer"]);
    expect(detail.account.emails.map((e) => e.kind)).toContain("case_reply");
    expect(detail.account.history.map((h) => h.toState)).toContain("partial");
    // Another account's link cannot answer on this case.
    expect(await codeOf(answerCase(db, await linkFor(accounts[5]!.id), { caseId, body: "hijack" }))).toBe("NOT_FOUND");

    const actions = (await db.prisma.auditLog.findMany({ where: { targetType: "support_case", targetId: String(caseId) }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["case.report", "case.note", "case.reply", "case.answer"]);
  });

  it("states and assignment are audited; only support and admin may work cases", async () => {
    const token = await linkFor(accounts[5]!.id);
    const { caseId } = await reportMissingData(db, token, { categoryId: contacts.id, missing: "contacts", contact: "email" });
    expect(await codeOf(replyToCase(db.prisma, editor, { caseId, body: "hello" }))).toBe("FORBIDDEN");
    expect(await codeOf(addCaseNote(db.prisma, editor, { caseId, body: "hello" }))).toBe("FORBIDDEN");
    expect(await codeOf(assignCase(db.prisma, support, { caseId, assigneeId: editorStaff.id }))).toBe("VALIDATION");
    await assignCase(db.prisma, support, { caseId, assigneeId: supportStaff.id });
    await setCaseState(db.prisma, support, { caseId, state: "resolved" });
    const row = await db.prisma.supportCase.findUniqueOrThrow({ where: { id: caseId } });
    expect(row).toMatchObject({ assigneeId: supportStaff.id, state: "resolved" });
    expect(row.resolvedAt).not.toBeNull();
    const audit = await db.prisma.auditLog.findMany({ where: { targetId: String(caseId), action: { in: ["case.assign", "case.state"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.after])).toEqual([
      ["case.assign", { assigneeId: supportStaff.id }],
      ["case.state", { state: "resolved" }],
    ]);
  });

  it("the queue filters by incident, category, state, age and assignee, oldest first", async () => {
    const all = await listCases(db.prisma, { state: "all", incidentId: incident.id }, supportStaff.id);
    expect(all.length).toBeGreaterThan(20);
    expect(all.map((c) => c.createdAt.getTime())).toEqual([...all].map((c) => c.createdAt.getTime()).sort((a, b) => a - b));
    const photosOnly = await listCases(db.prisma, { state: "all", categoryKey: "photos" }, supportStaff.id);
    expect(photosOnly.length).toBeGreaterThan(0);
    expect(new Set(photosOnly.map((c) => c.category.key))).toEqual(new Set(["photos"]));
    const mine = await listCases(db.prisma, { state: "all", assignee: "me" }, supportStaff.id);
    expect(mine.map((c) => c.assignee?.id)).toEqual([supportStaff.id]);
    expect((await listCases(db.prisma, { state: "resolved" }, null)).map((c) => c.state)).toEqual(["resolved"]);
    expect(await listCases(db.prisma, { state: "all", olderThanHours: 1 }, null)).toEqual([]);
    const later = new Date(Date.now() + 2 * 3_600_000);
    const aged = await listCases(db.prisma, { state: "all", olderThanHours: 1 }, null, later);
    expect(aged.length).toBe((await listCases(db.prisma, { state: "all" }, null, later)).length);
    expect(aged[0]!.ageSeconds).toBeGreaterThan(7_200);
    expect((await listCases(db.prisma, { state: "active", assignee: "none", categoryKey: "photos" }, null)).every((c) => c.assignee === null && c.state !== "resolved")).toBe(true);
  });

  it("reports per category per day, and the bulk step back to restoring: dry run, then exactly that set", async () => {
    const trends = await getCaseTrends(db.prisma, incident.id);
    const today = trends.days.length - 1;
    const byKey = Object.fromEntries(trends.categories.map((c) => [c.key, c]));
    const photoCases = await db.prisma.supportCase.count({ where: { incidentId: incident.id, categoryId: photos.id } });
    const contactCases = await db.prisma.supportCase.count({ where: { incidentId: incident.id, categoryId: contacts.id } });
    expect(byKey.photos!.counts[today]).toBe(photoCases);
    expect(byKey.contacts!.counts[today]).toBe(contactCases);
    // 20 contacts reports from one account today, none before: a spike.
    expect(byKey.contacts!.spikes[today]).toBe(true);

    // Accounts 0, 3 and 4 reported photos (unresolved); all are partial.
    const preview = await previewRestoreReported(db.prisma, { incidentId: incident.id, categoryId: photos.id });
    expect(preview.count).toBe(3);
    expect(preview.byState).toEqual([{ state: "partial", n: 3 }]);
    const stale = await restoreReportedCategory(db.prisma, support, { incidentId: incident.id, categoryId: photos.id, note: "shard 7 re-run", expectedCount: 2 }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: "CONFLICT" });
    expect(await codeOf(restoreReportedCategory(db.prisma, editor, { incidentId: incident.id, categoryId: photos.id, note: "x", expectedCount: 3 }))).toBe("FORBIDDEN");

    const result = await restoreReportedCategory(db.prisma, support, { incidentId: incident.id, categoryId: photos.id, note: "shard 7 re-run", expectedCount: 3 });
    expect(result.applied).toBe(3);
    const restoring = await db.prisma.impact.findMany({ where: { categoryId: photos.id, state: "restoring" }, select: { accountId: true }, orderBy: { accountId: "asc" } });
    expect(restoring.map((r) => r.accountId)).toEqual([accounts[0]!.id, accounts[3]!.id, accounts[4]!.id]);
    expect(await db.prisma.impact.count({ where: { categoryId: photos.id, state: "partial" } })).toBe(3);
    const events = await db.prisma.restoreEvent.findMany({ where: { categoryId: photos.id, toState: "restoring" } });
    expect(events.map((e) => [e.fromState, e.actorId, e.note])).toEqual(Array(3).fill(["partial", supportStaff.id, "shard 7 re-run"]));
    const aggregate = await db.prisma.categoryAggregate.findUniqueOrThrow({ where: { categoryId: photos.id } });
    expect(aggregate).toMatchObject({ restoring: 3, partial: 3 });
    expect(await db.prisma.caseMessage.count({ where: { kind: "note", body: { startsWith: "Moved back to restoring" } } })).toBe(result.casesNoted);
    expect(await db.prisma.auditLog.count({ where: { action: "case.bulk_restoring" } })).toBe(1);
    // Done: a second dry run finds nothing.
    expect((await previewRestoreReported(db.prisma, { incidentId: incident.id, categoryId: photos.id })).count).toBe(0);
  });
});
