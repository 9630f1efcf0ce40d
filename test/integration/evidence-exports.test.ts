import { parse } from "csv-parse/sync";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { GET as seenGet } from "../../app/account/[token]/seen/route";
import InvalidAccountLink from "../../app/account/[token]/not-found";
import AccountPage from "../../app/account/[token]/page";
import { GET as exportGet } from "../../app/api/admin/exports/[kind]/route";
import { replyToCase } from "../../lib/cases/reply-to-case";
import { reportMissingData } from "../../lib/cases/report-missing-data";
import { getAccountEvidence } from "../../lib/evidence/get-account-evidence";
import { flushLinkOpens, linkOpenBeaconPath } from "../../lib/evidence/link-opens";
import { csvSafe } from "../../lib/exports/csv-safe";
import { streamExport, exportPageSize } from "../../lib/exports/stream-export";
import { templateVersions } from "../../lib/mail/templates/versions";
import { createSmtpTransport } from "../../lib/mail/transport";
import { startMailWorker } from "../../lib/mail/worker";
import { applyStateChanges } from "../../lib/restores/apply-state-changes";
import { hashToken, newRandomToken } from "../../lib/tokens";
import { cli } from "../helpers/cli";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";
import { startMailSink } from "../helpers/mail-sink";
import { pageResponse } from "../helpers/pages";
import { signedInAs } from "../helpers/staff";
import { params } from "../helpers/subscribers-fixtures";

let requestHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined }) }));

const db = await useTestDatabase();
const { incident, categories, accounts } = await createIncidentWithAccounts(db, { accounts: 4, categories: ["contacts", "photos"] });
const [contacts, photos] = categories as [(typeof categories)[number], (typeof categories)[number]];
const system = { type: "system" as const, id: null, label: "test" };
const sink = await startMailSink({ parse: true });
afterAll(() => sink.close());

async function linkFor(accountId: number, expired = false): Promise<string> {
  const token = newRandomToken();
  await db.prisma.lookupToken.create({ data: { accountId, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + (expired ? -1_000 : 86_400_000)) } });
  return token;
}
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
const seen = (token: string) => seenGet(new Request(`http://localhost/account/${token}/seen`), params({ token }));

describe("proof of notice", () => {
  it("every email the SMTP server received for an account is in its evidence, with template version, language, provider id and status", async () => {
    const account = accounts[0]!;
    await db.prisma.$transaction((tx) =>
      applyStateChanges(tx, [{ accountId: account.id, categoryId: contacts.id, toState: "restored" }, { accountId: account.id, categoryId: photos.id, toState: "partial", itemsRestored: 64 }], system, { coalesceSeconds: 0 }),
    );
    const token = await linkFor(account.id);
    const { caseId } = await reportMissingData(db, token, { categoryId: photos.id, missing: "photos", contact: "email" });
    const staff = await db.prisma.staffUser.create({ data: { id: "ev-support", name: "S", email: "ev-support@example.com", role: "support" } });
    await replyToCase(db.prisma, { role: "support", staffId: staff.id, actor: { type: "staff", id: staff.id, label: staff.email } }, { caseId, body: "We are on it." });

    const transport = createSmtpTransport(sink.url, { maxConnections: 2 });
    await startMailWorker({ db, transport, until: "empty", pollMs: 20, log: () => {}, messageIdHost: "evidence.test" }).done;
    await transport.close();
    const received = sink.received.filter((m) => m.to === account.email);
    expect(received.length).toBe(2);

    const evidence = await getAccountEvidence(db.prisma, account.id);
    expect(evidence.notices).toHaveLength(received.length);
    for (const m of received) {
      const id = Number(/outbox-(\d+)@/.exec(m.messageId)![1]);
      const notice = evidence.notices.find((n) => n.id === id)!;
      expect(notice).toMatchObject({ status: "sent", language: "en", subject: m.subject, templateVersion: templateVersions[notice.kind], attempts: 1 });
      expect(notice.providerMessageId).toBeTruthy();
      expect(notice.sentAt).not.toBeNull();
    }
    expect(evidence.notices.map((n) => n.kind).sort()).toEqual(["case_reply", "restore"]);
    expect(evidence.changes.map((c) => [c.category, c.toState])).toEqual([["Contacts", "restored"], ["Photos", "partial"]]);

    // The export lists the same emails.
    const csv = parse(await readAll((await streamExport(db, "evidence", incident.slug)).stream), { columns: true }) as Record<string, string>[];
    const rows = csv.filter((r) => r.account_ref === account.externalRef);
    expect(rows.map((r) => Number(r.email_id)).sort()).toEqual(received.map((m) => Number(/outbox-(\d+)@/.exec(m.messageId)![1])).sort());
    for (const r of rows) expect(r).toMatchObject({ status: "sent", language: "en", template_version: templateVersions[r.kind as keyof typeof templateVersions] });
  });

  it("the link is counted open by the page's beacon in batches, never by the GET; an expired link is not counted", async () => {
    const account = accounts[1]!;
    const token = await linkFor(account.id);
    const page = await pageResponse(AccountPage({ params: Promise.resolve({ token }), searchParams: Promise.resolve({}) }), InvalidAccountLink);
    expect(page.status).toBe(200);
    const html = await page.text();
    // The beacon is an image a browser loads to show the page; the page's GET itself counts nothing.
    expect(html).toContain(`<img src="${linkOpenBeaconPath(token)}" alt="" width="1" height="1" loading="lazy"`);
    expect(html).not.toContain("<script");
    // Reading the page wrote nothing.
    await flushLinkOpens(db.driver);
    const row = () => db.prisma.lookupToken.findFirstOrThrow({ where: { tokenHash: hashToken(token) }, select: { firstOpenedAt: true, lastOpenedAt: true } });
    expect(await row()).toEqual({ firstOpenedAt: null, lastOpenedAt: null });

    const beacon = await seen(token);
    expect(beacon.status).toBe(200);
    expect(beacon.headers.get("content-type")).toBe("image/gif");
    expect(beacon.headers.get("cache-control")).toBe("no-store");
    expect(await row()).toEqual({ firstOpenedAt: null, lastOpenedAt: null }); // not yet: batched
    expect(await flushLinkOpens(db.driver)).toBe(1);
    const first = await row();
    expect(first.firstOpenedAt).not.toBeNull();
    await new Promise((r) => setTimeout(r, 15));
    await seen(token);
    await seen(token);
    const expired = await linkFor(account.id, true);
    await seen(expired);
    expect((await seen("not-a-token")).status).toBe(200);
    expect(await flushLinkOpens(db.driver)).toBe(1);
    const second = await row();
    expect(second.firstOpenedAt).toEqual(first.firstOpenedAt);
    expect(second.lastOpenedAt!.getTime()).toBeGreaterThan(first.lastOpenedAt!.getTime());
    expect(await db.prisma.lookupToken.findFirstOrThrow({ where: { tokenHash: hashToken(expired) }, select: { firstOpenedAt: true } })).toEqual({ firstOpenedAt: null });
    const evidence = await getAccountEvidence(db.prisma, account.id);
    expect(evidence.firstOpenedAt).toEqual(first.firstOpenedAt);
    expect(evidence.lastOpenedAt).toEqual(second.lastOpenedAt);
  });
});

describe("exports", () => {
  const nasty = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+2", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn", "Plain, \"quoted\"\nname"];

  it("cells that start with = + - @ tab or CR are escaped; everything else comes back as it was", async () => {
    const names: string[] = [];
    for (const [i, name] of nasty.entries()) {
      await db.prisma.account.update({ where: { id: accounts[(i % 3) + 1]!.id }, data: { displayName: name } });
      const csv = parse(await readAll((await streamExport(db, "accounts", incident.slug)).stream), { columns: true }) as Record<string, string>[];
      names.push(csv.find((r) => r.account_ref === accounts[(i % 3) + 1]!.externalRef)!.display_name!);
    }
    expect(names).toEqual(nasty.map(csvSafe));
    expect(names.slice(0, 6).every((n) => n.startsWith("'"))).toBe(true);
    expect(names[6]).toBe('Plain, "quoted"\nname');
  });

  it("accounts: one row per account with each category's state and counts, header first", async () => {
    const text = await readAll((await streamExport(db, "accounts", incident.slug)).stream);
    expect(text.split("\n")[0]).toBe("account_ref,email,display_name,locale,updates_opt_out,contacts_state,contacts_restored,contacts_total,photos_state,photos_restored,photos_total");
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.account_ref)).toEqual(accounts.map((a) => a.externalRef));
    expect(rows[0]).toMatchObject({ contacts_state: "restored", contacts_restored: "100", photos_state: "partial", photos_restored: "64", photos_total: "100", updates_opt_out: "no" });
  });

  it("pages through more rows than one page in order, nothing twice", async () => {
    const big = await createIncidentWithAccounts(db, { accounts: 0, categories: ["notes"], slug: `big-${Date.now()}` });
    const n = exportPageSize + 321;
    await db.driver.query(
      `WITH a AS (INSERT INTO account (external_ref, email, display_name, updated_at) SELECT 'BIG-' || lpad(g::text, 6, '0'), 'big' || g || '@example.com', 'Big ' || g, now() FROM generate_series(1, $1) g RETURNING id)
       INSERT INTO impact (incident_id, account_id, category_id, items_total) SELECT $2::uuid, a.id, $3, 10 FROM a`,
      [n, big.incident.id, big.categories[0]!.id],
    );
    const rows = parse(await readAll((await streamExport(db, "accounts", big.incident.slug)).stream), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r.account_ref)).size).toBe(n);
    expect(rows.map((r) => r.account_ref)).toEqual([...rows.map((r) => r.account_ref)].sort());
  });

  it.runIf(db.engine === "postgres")("PostgreSQL's COPY path and the paged path write the same bytes", async () => {
    for (const kind of ["accounts", "evidence", "cases"] as const) {
      const copied = await readAll((await streamExport(db, kind, incident.slug)).stream);
      const paged = await readAll((await streamExport({ prisma: db.prisma, driver: { ...db.driver, pool: undefined, query: db.driver.query.bind(db.driver) } }, kind, incident.slug)).stream);
      expect(paged).toBe(copied);
    }
  });

  it("the CLI writes to standard output or --out FILE; an unknown incident or kind is refused", async () => {
    const chunks: string[] = [];
    const { Writable } = await import("node:stream");
    const output = new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c.toString()), done()) });
    const { runCli } = await import("../../scripts/cli/run-cli");
    const { commands } = await import("../../scripts/cli/commands");
    const { Readable } = await import("node:stream");
    const code = await runCli(["export", "cases", "--incident", incident.slug], commands, { db, stdout: () => {}, stderr: () => {}, stdin: Readable.from([]), output });
    expect(code).toBe(0);
    const cases = parse(chunks.join(""), { columns: true }) as Record<string, string>[];
    expect(cases.map((c) => c.category)).toEqual(["photos"]);
    expect(cases[0]).toMatchObject({ state: "waiting_on_customer", missing: "photos", messages: "2" });

    const file = path.join(mkdtempSync(path.join(tmpdir(), "rp-export-")), "accounts.csv");
    const run = await cli(db, ["export", "accounts", "--incident", incident.slug, "--out", file, "--json"]);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ kind: "accounts", rows: accounts.length, file });
    expect(readFileSync(file, "utf8").split("\n")[0]).toMatch(/^account_ref,/);
    expect((await cli(db, ["export", "accounts", "--incident", "no-such-incident"])).code).toBe(1);
    expect((await cli(db, ["export", "everything", "--incident", incident.slug])).code).toBe(2);
  });

  it("the console download streams the same CSV to support and admin, audited; a viewer is refused", async () => {
    requestHeaders = await signedInAs(db, "support");
    const response = await exportGet(new Request(`http://localhost/api/admin/exports/accounts?incident=${incident.slug}`), params({ kind: "accounts" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${incident.slug}-accounts.csv"`);
    expect(await response.text()).toBe(await readAll((await streamExport(db, "accounts", incident.slug)).stream));
    expect(await db.prisma.auditLog.count({ where: { action: "export.download" } })).toBe(1);
    requestHeaders = await signedInAs(db, "viewer");
    const refused = await exportGet(new Request(`http://localhost/api/admin/exports/accounts?incident=${incident.slug}`), params({ kind: "accounts" }));
    expect(refused.status).toBe(403);
  });
});
