import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { POST as remediesPost } from "../../app/account/[token]/remedies/route";
import InvalidAccountLink from "../../app/account/[token]/not-found";
import AccountPage from "../../app/account/[token]/page";
import { cliPrincipal } from "../../lib/auth/principal";
import { AppError } from "../../lib/errors";
import { getAccountEvidence } from "../../lib/evidence/get-account-evidence";
import { runImport } from "../../lib/imports/run-import";
import { fileSource } from "../../lib/imports/upload-source";
import { streamExport } from "../../lib/exports/stream-export";
import { getAccountStatus } from "../../lib/lookup/get-account-status";
import { claimReferencePattern, claimRemedy } from "../../lib/remedies/claim-remedy";
import { countQualifying, listRemedyRules } from "../../lib/remedies/list-remedy-rules";
import { parseRemedyCondition } from "../../lib/remedies/remedy-condition";
import { saveRemedyRule } from "../../lib/remedies/save-remedy-rule";
import { saveRemedyTranslation } from "../../lib/remedies/save-remedy-translation";
import { applyStateChanges } from "../../lib/restores/apply-state-changes";
import { hashToken, newRandomToken } from "../../lib/tokens";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";
import { deliverDueMail } from "../helpers/mail-delivery";
import { pageResponse } from "../helpers/pages";
import { formRequest, params } from "../helpers/subscribers-fixtures";

const db = await useTestDatabase();
const { incident, categories, accounts } = await createIncidentWithAccounts(db, { accounts: 5, categories: ["contacts", "photos"] });
const [contacts, photos] = categories as [(typeof categories)[number], (typeof categories)[number]];
const admin = cliPrincipal();
const system = { type: "system" as const, id: null, label: "test" };
const apply = (changes: Parameters<typeof applyStateChanges>[1]) => db.prisma.$transaction((tx) => applyStateChanges(tx, changes, system, { coalesceSeconds: 0 }));

async function linkFor(accountId: number, options: { expired?: boolean; revoked?: boolean } = {}): Promise<string> {
  const token = newRandomToken();
  await db.prisma.lookupToken.create({
    data: { accountId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + (options.expired ? -60_000 : 86_400_000)), revokedAt: options.revoked ? new Date() : null },
  });
  return token;
}
const post = (token: string, fields: Record<string, string>) =>
  remediesPost(formRequest(`http://localhost/account/${token}/remedies`, fields, { "x-rp-remote-addr": "203.0.113.7" }), params({ token }));
const page = (token: string, query: Record<string, string> = {}) =>
  pageResponse(AccountPage({ params: Promise.resolve({ token }), searchParams: Promise.resolve(query) }), InvalidAccountLink);
const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e: unknown) => (e instanceof AppError ? e.code : String(e)));
async function sqlRecount(ruleId: number): Promise<number> {
  const rule = await db.prisma.remedyRule.findUniqueOrThrow({ where: { id: ruleId } });
  return countQualifying(db.prisma, incident.id, parseRemedyCondition(rule.condition, categories));
}
async function stored(ruleId: number): Promise<number> {
  return (await listRemedyRules(db.prisma, incident.id)).find((r) => r.id === ruleId)!.qualifying;
}

// Account 0: photos unrecoverable before any rule exists (the rule's save must find it).
await apply([{ accountId: accounts[0]!.id, categoryId: photos.id, toState: "unrecoverable" }]);
await deliverDueMail(db);
const credit = await saveRemedyRule(db.prisma, admin, { incidentId: incident.id, name: "$100 credit", condition: "any unrecoverable or any partial below 50%", offer: "A $100 credit on your next bill." });

describe("remedy eligibility, stored set-based", () => {
  it("is computed for the whole incident when a rule is saved, and again when its condition changes", async () => {
    expect(await stored(credit.id)).toBe(1);
    expect(await sqlRecount(credit.id)).toBe(1);
    const wide = await saveRemedyRule(db.prisma, admin, { incidentId: incident.id, name: "Free month", condition: "contacts pending", offer: "One month free." });
    expect(await stored(wide.id)).toBe(accounts.length);
    await saveRemedyRule(db.prisma, admin, { incidentId: incident.id, id: wide.id, name: "Free month", condition: "photos unrecoverable", offer: "One month free." });
    expect(await stored(wide.id)).toBe(1);
    expect(await db.prisma.remedyEligibility.count({ where: { ruleId: wide.id, qualifies: false } })).toBe(accounts.length - 1);
    await db.prisma.remedyRule.delete({ where: { id: wide.id } });
  });

  it("follows applyStateChanges: in, out, and in again (one row, its announcement kept)", async () => {
    const a = accounts[1]!;
    await apply([{ accountId: a.id, categoryId: contacts.id, toState: "partial", itemsRestored: 10, itemsTotal: 100 }]);
    expect(await db.prisma.remedyEligibility.findUnique({ where: { ruleId_accountId: { ruleId: credit.id, accountId: a.id } } })).toMatchObject({ qualifies: true });
    expect(await stored(credit.id)).toBe(await sqlRecount(credit.id));
    await apply([{ accountId: a.id, categoryId: contacts.id, toState: "partial", itemsRestored: 60 }]);
    expect(await db.prisma.remedyEligibility.findUnique({ where: { ruleId_accountId: { ruleId: credit.id, accountId: a.id } } })).toMatchObject({ qualifies: false });
    expect(await stored(credit.id)).toBe(await sqlRecount(credit.id));
    await apply([{ accountId: a.id, categoryId: contacts.id, toState: "unrecoverable" }]);
    expect(await stored(credit.id)).toBe(await sqlRecount(credit.id));
    expect(await db.prisma.remedyEligibility.count({ where: { accountId: a.id } })).toBe(1);
  });

  it("is announced once, in the restore email that goes out after the account qualifies; a resend says the same", async () => {
    const a = accounts[2]!;
    await apply([{ accountId: a.id, categoryId: photos.id, toState: "unrecoverable" }]);
    const first = (await deliverDueMail(db)).filter((m) => m.to === a.email);
    expect(first).toHaveLength(1);
    expect(first[0]!.text).toContain("You qualify for:");
    expect(first[0]!.text).toContain("$100 credit: A $100 credit on your next bill.");
    const row = await db.prisma.remedyEligibility.findUniqueOrThrow({ where: { ruleId_accountId: { ruleId: credit.id, accountId: a.id } } });
    expect(row.announcedEmailId).toBe(first[0]!.outboxId);
    expect(row.announcedAt).not.toBeNull();
    // The next restore email does not announce it again.
    await apply([{ accountId: a.id, categoryId: contacts.id, toState: "restored" }]);
    const second = (await deliverDueMail(db)).filter((m) => m.to === a.email);
    expect(second).toHaveLength(1);
    expect(second[0]!.text).not.toContain("You qualify for");
    // A staff resend of the first email says exactly what it said.
    await db.prisma.emailOutbox.update({ where: { id: first[0]!.outboxId }, data: { status: "queued", nextAttemptAt: new Date() } });
    const resent = (await deliverDueMail(db)).filter((m) => m.outboxId === first[0]!.outboxId);
    expect(resent[0]?.text).toContain("$100 credit: A $100 credit on your next bill.");
    // The proof of notice names the email that told the customer.
    const evidence = await getAccountEvidence(db.prisma, a.id);
    expect(evidence.remedies).toMatchObject([{ ruleId: credit.id, name: "$100 credit", qualifies: true, announcedEmailId: first[0]!.outboxId, claimReference: null }]);
  });

  it("reaches each account in its language when staff wrote it there, else in the default's; both fields or none", async () => {
    const reader = (ref: string, locale: string) =>
      db.prisma.account.create({
        data: { externalRef: ref, email: `${ref.toLowerCase()}@example.com`, displayName: ref, locale, impacts: { create: [{ incidentId: incident.id, categoryId: photos.id }] } },
      });
    const [es, de] = [await reader("LANG-ES", "es"), await reader("LANG-DE", "de")];
    const translation = { incidentId: incident.id, ruleId: credit.id, locale: "es" as const, name: "Crédito de 100 $", offer: "Un crédito de 100 $ en su próxima factura." };
    expect(await codeOf(saveRemedyTranslation(db.prisma, admin, { ...translation, locale: "en" as const }))).toBe("VALIDATION");
    await expect(saveRemedyTranslation(db.prisma, admin, { ...translation, offer: "" })).rejects.toThrow(/both the name and the offer/);
    expect(await codeOf(saveRemedyTranslation(db.prisma, admin, { ...translation, ruleId: credit.id + 999 }))).toBe("NOT_FOUND");
    expect(await saveRemedyTranslation(db.prisma, admin, translation)).toMatchObject({ removed: false });
    expect(await db.prisma.auditLog.count({ where: { action: "remedy.save_translation" } })).toBe(1);

    await apply([es, de].map((a) => ({ accountId: a.id, categoryId: photos.id, toState: "unrecoverable" as const })));
    const mail = await deliverDueMail(db);
    expect(mail.find((m) => m.to === es.email)?.text).toContain("Crédito de 100 $: Un crédito de 100 $ en su próxima factura.");
    expect(mail.find((m) => m.to === de.email)?.text).toContain("$100 credit: A $100 credit on your next bill.");
    expect((await getAccountStatus(db, await linkFor(es.id))).incidents[0]!.remedies[0]).toMatchObject({ name: "Crédito de 100 $" });
    expect((await getAccountStatus(db, await linkFor(de.id))).incidents[0]!.remedies[0]).toMatchObject({ name: "$100 credit" });

    expect(await saveRemedyTranslation(db.prisma, admin, { ...translation, name: "", offer: "" })).toMatchObject({ removed: true });
    expect((await getAccountStatus(db, await linkFor(es.id))).incidents[0]!.remedies[0]).toMatchObject({ name: "$100 credit" });
    expect(await db.prisma.remedyRuleTranslation.count()).toBe(0);
  });

  it("is shown on the private page and claimed with a reference for billing; twice gives the same reference", async () => {
    const a = accounts[2]!;
    const token = await linkFor(a.id);
    const status = await getAccountStatus(db, token);
    expect(status.incidents[0]!.remedies).toEqual([{ ruleId: credit.id, name: "$100 credit", offer: "A $100 credit on your next bill.", claimedAt: null, reference: null }]);
    const before = await page(token);
    expect(await before.text()).toContain("Accept this offer");

    const response = await post(token, { ruleId: String(credit.id) });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/account/${token}?claimed=${credit.id}#remedy-${credit.id}`);
    const row = await db.prisma.remedyEligibility.findUniqueOrThrow({ where: { ruleId_accountId: { ruleId: credit.id, accountId: a.id } } });
    expect(row.claimReference).toMatch(claimReferencePattern);
    const html = await (await page(token, { claimed: String(credit.id) })).text();
    expect(html).toContain(`Your reference: ${row.claimReference}`);
    expect(html).not.toContain("Accept this offer");
    expect((await claimRemedy(db, token, { ruleId: credit.id })).reference).toBe(row.claimReference);
    expect(await db.prisma.auditLog.count({ where: { action: "remedy.claim" } })).toBe(1);
  });

  it("refuses a claim on an expired or switched-off link the way the page does (it offers a new link), and a remedy the account does not qualify for", async () => {
    const a = accounts[0]!;
    for (const problem of ["expired", "revoked"] as const) {
      const token = await linkFor(a.id, { [problem]: true });
      const response = await post(token, { ruleId: String(credit.id) });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/account/${token}`);
      const shown = await page(token);
      expect(shown.status).toBe(307);
      expect(shown.headers.get("location")).toBe(`/lookup?link=${problem}`);
    }
    expect((await db.prisma.remedyEligibility.findUniqueOrThrow({ where: { ruleId_accountId: { ruleId: credit.id, accountId: a.id } } })).claimedAt).toBeNull();
    const notQualifying = await linkFor(accounts[4]!.id);
    expect(await codeOf(claimRemedy(db, notQualifying, { ruleId: credit.id }))).toBe("NOT_FOUND");
    const bad = await post(notQualifying, { ruleId: "x" });
    expect(bad.headers.get("location")).toBe(`/account/${notQualifying}?claimError=VALIDATION#remedies`);
    expect(await (await page(notQualifying, { claimError: "NOT_FOUND" })).text()).not.toContain("Your reference");
  });

  it("rate limits claims from one link", async () => {
    const token = await linkFor(accounts[0]!.id);
    const codes: string[] = [];
    // Each try on a remedy the account qualifies for but a fresh rule id never claimed... the same claim is idempotent (no charge), so use a second rule.
    const second = await saveRemedyRule(db.prisma, admin, { incidentId: incident.id, name: "Photo book", condition: "photos unrecoverable", offer: "A photo book." });
    await db.prisma.remedyEligibility.updateMany({ where: { ruleId: second.id }, data: { claimedAt: null, claimReference: null } });
    for (let i = 0; i < 12; i++) {
      codes.push(await codeOf(claimRemedy(db, token, { ruleId: second.id })));
      await db.prisma.remedyEligibility.updateMany({ where: { ruleId: second.id }, data: { claimedAt: null, claimReference: null } });
    }
    expect(codes.slice(0, 10).every((c) => c === "OK")).toBe(true);
    expect(codes.slice(10)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
  });

  it("follows an import: new accounts' new impacts, and changed ones (through applyStateChanges)", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "remedies-import-")), "import.csv");
    writeFileSync(
      file,
      [
        "account_ref,email,display_name,locale,category,state,items_total,items_restored",
        "NEW-1,new1@example.com,New One,en,photos,unrecoverable,50,0",
        "NEW-2,new2@example.com,New Two,en,photos,partial,100,80",
        `${accounts[1]!.externalRef},${accounts[1]!.email},Customer 2,en,contacts,restored,100,100`,
      ].join("\n") + "\n",
    );
    const job = await db.prisma.importJob.create({ data: { incidentId: incident.id, fileName: "import.csv" } });
    const report = await runImport(db, { jobId: job.id, source: fileSource(file), commit: true, actor: { type: "staff", id: null, label: "importer" }, mergeChunk: 2 });
    expect(report.errors).toEqual([]);
    const refsQualifying = (await db.prisma.remedyEligibility.findMany({ where: { ruleId: credit.id, qualifies: true }, include: { account: true } })).map((e) => e.account.externalRef);
    expect(refsQualifying).toContain("NEW-1");
    expect(refsQualifying).not.toContain("NEW-2");
    expect(await stored(credit.id)).toBe(await sqlRecount(credit.id));
  });

  it("exports eligible and claimed accounts with the claim's reference", async () => {
    const rows = parse(await readAll(await streamExport(db, "remedies", incident.slug)), { columns: true }) as Record<string, string>[];
    const claimed = await db.prisma.remedyEligibility.findFirstOrThrow({ where: { ruleId: credit.id, claimReference: { not: null } }, include: { account: true } });
    const row = rows.find((r) => r.account_ref === claimed.account.externalRef)!;
    expect(row[`remedy_${credit.id}`]).toBe("yes");
    expect(row[`remedy_${credit.id}_reference`]).toBe(claimed.claimReference);
    expect(row[`remedy_${credit.id}_claimed_at`]).toBe(claimed.claimedAt!.toISOString());
    expect(row[`remedy_${credit.id}_announced_at`]).not.toBe("");
    expect(rows.filter((r) => r[`remedy_${credit.id}`] === "yes").length).toBe(await sqlRecount(credit.id));
  });
});

async function readAll(x: { stream: NodeJS.ReadableStream }): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of x.stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
