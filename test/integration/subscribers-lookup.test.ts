import { beforeAll, describe, expect, it } from "vitest";
import { POST as accountPost } from "../../app/account/[token]/manage/route";
import InvalidAccountLink from "../../app/account/[token]/not-found";
import AccountPage from "../../app/account/[token]/page";
import { pageResponse } from "../helpers/pages";
import LookupPage from "../../app/[locale]/lookup/page";
import { openDatabase } from "../../lib/db";
import { AppError } from "../../lib/errors";
import { getAccountStatus } from "../../lib/lookup/get-account-status";
import { revokeLookupLink } from "../../lib/lookup/manage-account-link";
import { requestLookupLink } from "../../lib/lookup/request-lookup-link";
import { hashToken } from "../../lib/tokens";
import { useTestDatabase as freshTestDatabase } from "../helpers/db";
import { deliverDueMail } from "../helpers/mail-delivery";
import { formRequest, outbox, params, seedSmallDemo } from "../helpers/subscribers-fixtures";

const db = await freshTestDatabase();
const accountPage = (token: string) => pageResponse(AccountPage({ params: Promise.resolve({ token }) }), InvalidAccountLink);
const lookupPage = async (query: Record<string, string>) => (await pageResponse(LookupPage({ searchParams: Promise.resolve(query) }))).text();
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter % 250}-${ipCounter}`;
const fast = { responseFloorMs: 0 };

beforeAll(async () => {
  await seedSmallDemo(db, 40);
});

async function lookupToken(email: string): Promise<string> {
  const before = (await outbox(db, "lookup_link")).length;
  await requestLookupLink(db, { email }, { ip: freshIp(), ...fast });
  const rows = await outbox(db, "lookup_link");
  expect(rows.length).toBe(before + 1);
  const sent = (await deliverDueMail(db)).filter((m) => m.to === email.trim().toLowerCase());
  expect(sent).toHaveLength(1);
  const match = /\/account\/([A-Za-z0-9_-]{43})/.exec(sent[0]!.text);
  expect(match).not.toBeNull();
  return match![1]!;
}

function codeOf(fn: () => Promise<unknown>): Promise<string> {
  return fn().then(
    () => "OK",
    (e: unknown) => (e instanceof AppError ? `${e.code}:${String((e.details as { reason?: string } | undefined)?.reason ?? "")}` : String(e)),
  );
}

describe("requestLookupLink", () => {
  it("queues one lookup_link email per matching account; the worker issues a 14-day token, stored only as a hash", async () => {
    await requestLookupLink(db, { email: "  Customer3@Example.com " }, { ip: freshIp(), ...fast });
    const rows = await outbox(db, "lookup_link");
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ to_address: "customer3@example.com", status: "queued" });
    // No credential waits in the outbox: the link is made when the email is sent.
    expect(row.payload).toEqual({ accountRef: "SK-0000003" });
    expect(await db.driver.query(`SELECT 1 FROM lookup_token`)).toHaveLength(0);

    const sendStarted = Date.now();
    const [email] = await deliverDueMail(db);
    const token = /\/account\/([A-Za-z0-9_-]{43})/.exec(email!.text)?.[1];
    expect(token).toBeDefined();
    expect(email!.subject).toBe(row.subject);
    expect(email!.html).toContain(`/account/${token}`);
    expect(email!.text).toContain("SK-0000003");
    expect(email!.secrets).toEqual([expect.stringContaining(`/account/${token}`)]);
    const tokens = await db.driver.query<{ token_hash: string; expires_at: Date; account_id: number }>(
      `SELECT token_hash, expires_at, account_id FROM lookup_token`,
    );
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.token_hash).toBe(hashToken(token!));
    expect(tokens[0]!.account_id).toBe(row.account_id);
    const days = (new Date(tokens[0]!.expires_at).getTime() - sendStarted) / 86_400_000;
    expect(days).toBeCloseTo(14, 2);
    // The raw token is stored nowhere.
    const everywhere = await db.driver.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM lookup_token t WHERE t.token_hash = $1 OR t.id::text = $1)
            + (SELECT count(*) FROM email_outbox o WHERE o.payload::text LIKE '%' || $1 || '%')
            + (SELECT count(*) FROM captured_email c WHERE c.html LIKE '%' || $1 || '%' OR c.text LIKE '%' || $1 || '%') AS n`,
      [token],
    );
    expect(Number(everywhere[0]!.n)).toBe(0);
  });

  it("accepts an unknown address the same way and queues nothing", async () => {
    const before = (await outbox(db)).length;
    await expect(requestLookupLink(db, { email: "nobody@example.org" }, { ip: freshIp(), ...fast })).resolves.toEqual({ accepted: true });
    expect((await outbox(db)).length).toBe(before);
  });

  it("with an account reference, only that account (case-insensitive); a wrong reference queues nothing", async () => {
    const before = (await outbox(db, "lookup_link")).length;
    await requestLookupLink(db, { email: "customer4@example.com", accountRef: "sk-0000004" }, { ip: freshIp(), ...fast });
    await requestLookupLink(db, { email: "customer4@example.com", accountRef: "SK-0000005" }, { ip: freshIp(), ...fast });
    const rows = (await outbox(db, "lookup_link")).slice(before);
    expect(rows.map((r) => r.to_address)).toEqual(["customer4@example.com"]);
  });

  it.each([["not-an-email"], [""], ["a@b"], ["x".repeat(250) + "@example.com"], [42]])(
    "rejects a malformed email (%s) with a zod VALIDATION error and queues nothing",
    async (email) => {
      const before = (await outbox(db)).length;
      const error = await requestLookupLink(db, { email }, { ip: freshIp(), ...fast }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("VALIDATION");
      expect((error as AppError).details).toMatchObject({ fields: { email: expect.any(String) } });
      expect((await outbox(db)).length).toBe(before);
    },
  );

  it("rate limits per address: the sixth request within the hour is refused and queues nothing", async () => {
    const ips = Array.from({ length: 7 }, freshIp);
    const before = (await outbox(db, "lookup_link")).length;
    const results: string[] = [];
    for (const ip of ips) results.push(await codeOf(() => requestLookupLink(db, { email: "customer6@example.com" }, { ip, ...fast })));
    expect(results).toEqual(["OK", "OK", "OK", "OK", "OK", "RATE_LIMITED:", "RATE_LIMITED:"]);
    expect((await outbox(db, "lookup_link")).length - before).toBe(5);
  });

  it("thousands of lookups from one IP: 429 after the limit, nothing queued beyond it", async () => {
    const ip = "203.0.113.77";
    const before = (await outbox(db, "lookup_link")).length;
    let accepted = 0;
    let limited = 0;
    for (let i = 0; i < 2000; i++) {
      const email = `customer${(i % 30) + 10}@example.com`;
      const result = await codeOf(() => requestLookupLink(db, { email }, { ip, ...fast }));
      if (result === "OK") accepted++;
      else if (result === "RATE_LIMITED:") limited++;
    }
    expect(accepted).toBe(30);
    expect(limited).toBe(1970);
    expect((await outbox(db, "lookup_link")).length - before).toBe(30);
  });

  it("thousands of lookups through the route answer 429 with a clear page and Retry-After", async () => {
    const headers = { "x-rp-remote-addr": "203.0.113.99" };
    const { POST } = await import("../../app/[locale]/lookup/request/route");
    const statuses: number[] = [];
    let lastBody = "";
    let retryAfter: string | null = null;
    for (let i = 0; i < 40; i++) {
      const response = await POST(formRequest("http://localhost/lookup/request", { email: `nobody${i}@example.net` }, headers));
      statuses.push(response.status);
      if (response.status === 429) {
        lastBody = await response.text();
        retryAfter = response.headers.get("retry-after");
      }
    }
    expect(statuses.filter((s) => s === 303)).toHaveLength(30);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    expect(lastBody).toContain("Too many requests");
    expect(Number(retryAfter)).toBeGreaterThan(0);
  }, 30_000);
});

describe("the private account page", () => {
  it("shows each category with state, items, last change and next step, the remedy and the emails sent; changes nothing on GET", async () => {
    // customer1 has a mix of states in the demo seed; find one with a partial or unrecoverable category.
    const rows = await db.driver.query<{ email: string }>(
      `SELECT a.email FROM account a JOIN impact i ON i.account_id = a.id WHERE i.state IN ('partial','unrecoverable') ORDER BY a.id LIMIT 1`,
    );
    const email = rows[0]!.email;
    const token = await lookupToken(email);
    const snapshot = async () =>
      db.driver.query(`SELECT (SELECT json_agg(t ORDER BY id) FROM lookup_token t) AS t, (SELECT json_agg(a ORDER BY id) FROM account a) AS a, (SELECT count(*)::int FROM email_outbox) AS o`);
    const before = await snapshot();

    const response = await accountPage(token);
    const again = await accountPage(token);
    expect(response.status).toBe(200);
    expect(again.status).toBe(200);
    // no-store, noindex and no-referrer are Next's and next.config.ts's headers: test/e2e/subscribers-journey.spec.ts reads them.
    const html = await response.text();
    expect(html).not.toMatch(/<script|https?:\/\/(?!localhost)[a-z]/i);
    for (const label of ["Contacts", "Calendar", "Notes", "Tasks", "Photos"]) expect(html).toContain(label);
    expect(html).toContain("What we offer for data we could not recover");
    expect(html).toContain("refund three months");
    expect(html).toContain("Private link"); // the lookup_link email this account was sent
    expect(html).toContain("still tell you once when your data is restored");
    expect(await snapshot()).toEqual(before);

    const status = await getAccountStatus(db, token);
    expect(status.incidents[0]!.categories.map((c) => c.key)).toEqual(["contacts", "calendar", "notes", "tasks", "photos", "other"]);
    for (const c of status.incidents[0]!.categories) {
      expect(c.itemsRestored).toBeLessThanOrEqual(c.itemsTotal);
      expect(c.next.length).toBeGreaterThan(10);
      expect(c.updatedAt).toBeInstanceOf(Date);
    }
    expect(status.emails.map((e) => e.kind)).toContain("lookup_link");
  });

  it("reads the page in one statement, prepared once per connection on PostgreSQL (decision 045)", async () => {
    const token = await lookupToken("customer9@example.com");
    const names: (string | undefined)[] = [];
    const watched = { driver: { ...db.driver, query: ((text, values, options) => (names.push(options?.name), db.driver.query(text, values, options))) as typeof db.driver.query } };
    const status = await getAccountStatus(watched, token);
    expect(names).toEqual(["account-status"]);
    if (db.engine !== "postgres") return;
    // One pooled connection: the second page reuses the statement that connection prepared.
    const single = await openDatabase({ url: db.url!, max: 1 });
    try {
      expect(await getAccountStatus(single, token)).toEqual(status);
      expect(await getAccountStatus(single, token)).toEqual(status);
      const prepared = await single.driver.query<{ name: string }>(`SELECT name FROM pg_prepared_statements`);
      expect(prepared.map((p) => p.name)).toEqual(["account-status"]);
    } finally {
      await single.close();
    }
  });

  it("lets the customer opt out of updates (and back in) by POST", async () => {
    // The page is in the account's language (the demo gives accounts several): read it in English here.
    await db.driver.query(`UPDATE "account" SET locale = 'en' WHERE email = $1`, ["customer7@example.com"]);
    const token = await lookupToken("customer7@example.com");
    const out = await accountPost(formRequest(`http://localhost/account/${token}/manage`, { action: "opt-out" }), params({ token }));
    expect(out.status).toBe(303);
    expect((await getAccountStatus(db, token)).account.updatesOptOut).toBe(true);
    const html = await (await accountPage(token)).text();
    expect(html).toContain("You have opted out of incident updates");
    await accountPost(formRequest(`http://localhost/account/${token}/manage`, { action: "opt-in" }), params({ token }));
    expect((await getAccountStatus(db, token)).account.updatesOptOut).toBe(false);
    const bad = await accountPost(formRequest(`http://localhost/account/${token}/manage`, { action: "delete-everything" }), params({ token }));
    expect(bad.status).toBe(400);
  });

  it("expired or revoked -> to /lookup saying so (the token leaves the address bar), tampered or unknown -> 404, each offering a new link and no account data", async () => {
    const token = await lookupToken("customer8@example.com");
    await expect(codeOf(() => getAccountStatus(db, token, new Date(Date.now() + 15 * 86_400_000)))).resolves.toBe("GONE:expired");

    const tampered = (token[0] === "A" ? "B" : "A") + token.slice(1);
    for (const bad of [tampered, "short", token + "x", "../../etc/passwd"]) {
      const response = await accountPage(bad);
      expect(response.status).toBe(404);
      const html = await response.text();
      expect(html).toContain("This link is not valid");
      expect(html).toContain('action="/lookup/request"');
      expect(html).not.toContain("Your recovery status");
      expect(html).not.toContain("customer");
    }

    await db.driver.query(`UPDATE lookup_token SET expires_at = now() - interval '1 minute' WHERE token_hash = $1`, [hashToken(token)]);
    const expired = await accountPage(token);
    expect(expired.status).toBe(307);
    expect(expired.headers.get("location")).toBe("/lookup?link=expired");
    expect(await lookupPage({ link: "expired" })).toContain("This link has expired");

    const other = await lookupToken("customer9@example.com");
    const revoke = await accountPost(formRequest(`http://localhost/account/${other}/manage`, { action: "revoke" }), params({ token: other }));
    expect(revoke.status).toBe(303);
    const revoked = await accountPage(other);
    expect(revoked.status).toBe(307);
    expect(revoked.headers.get("location")).toBe("/lookup?link=revoked");
    const html = await lookupPage({ link: "revoked" });
    expect(html).toContain("switched off");
    expect(html).toContain('action="/lookup/request"');
    expect(html).not.toContain("Your recovery status");
    expect(html).not.toContain("SK-0000009");
    await expect(codeOf(() => revokeLookupLink(db.prisma, other))).resolves.toBe("GONE:revoked");
  });

  it("revoke-all switches off every link of the account and no other account's", async () => {
    const a = await lookupToken("customer11@example.com");
    const b = await lookupToken("customer11@example.com");
    const c = await lookupToken("customer12@example.com");
    await accountPost(formRequest(`http://localhost/account/${a}/manage`, { action: "revoke-all" }), params({ token: a }));
    await expect(codeOf(() => getAccountStatus(db, b))).resolves.toBe("GONE:revoked");
    await expect(codeOf(() => getAccountStatus(db, c))).resolves.toBe("OK");
  });
});
