import { expect, test } from "@playwright/test";
import pg from "pg";
import { withoutScripts } from "../../app/account/[token]/fast-path-shell";
import { unsubscribeHeaders } from "../../lib/mail/transport";
import { listUnsubscribeUrl } from "../../lib/subscribers/unsubscribe-link";
import { mailSinkPorts } from "./mail-sink-ports";
import { e2eDatabaseUrl } from "./subscribers-e2e-database";

/**
 * The worried customer's path, in a browser against `npm start`. The email is read where
 * its recipient reads it: the SMTP server the app sends to (test/e2e/mail-sink-server.ts);
 * the database holds no working link (PostgreSQL, so this process can check).
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const databaseUrl = e2eDatabaseUrl(port);

test.skip(
  !databaseUrl,
  "Skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) so the e2e server runs on PostgreSQL and this spec can read the queued email from email_outbox.",
);

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The newest email to `to` that the SMTP sink received, waiting for the worker to send it. */
async function newestEmail(to: string, subject: RegExp): Promise<{ text: string; html: string }> {
  const sink = `http://127.0.0.1:${mailSinkPorts(port).http}/messages?to=${encodeURIComponent(to)}`;
  let found: { subject: string; text: string; html: string } | undefined;
  await expect
    .poll(async () => {
      const messages = (await (await fetch(sink)).json()) as { subject: string; text: string; html: string }[];
      found = messages.filter((m) => subject.test(m.subject)).at(-1);
      return Boolean(found);
    }, { timeout: 30_000 })
    .toBe(true);
  return found!;
}

test("request a private link for a seeded account, open it, see the categories, unsubscribe in one click", async ({ page, request, baseURL }) => {
  await page.goto("/lookup");
  await page.getByLabel("Email address on your account").fill("customer1@example.com");
  await page.getByRole("button", { name: "Email me a private link" }).click();
  await expect(page).toHaveURL(/\/lookup\/sent$/);
  await expect(page.getByRole("status")).toContainText("If this address belongs to an affected account");

  const email = await newestEmail("customer1@example.com", /private link/);
  const link = /\/account\/[A-Za-z0-9_-]{43}/.exec(email.text)?.[0];
  expect(link).toBeTruthy();
  // The token is in the email, nowhere in the database (outbox payload, captured copies).
  const token = link!.split("/").at(-1)!;
  const stored = await query<{ n: number }>(
    `SELECT (SELECT count(*) FROM email_outbox WHERE payload::text LIKE '%' || $1 || '%') + (SELECT count(*) FROM captured_email WHERE html LIKE '%' || $1 || '%' OR text LIKE '%' || $1 || '%') AS n`,
    [token],
  );
  expect(Number(stored[0]!.n)).toBe(0);

  const foreign: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(baseURL!) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  const response = await page.goto(link!);
  expect(response?.status()).toBe(200);
  const headers = response!.headers();
  // Next's own answer for a dynamic page: "private, no-cache, no-store, max-age=0, must-revalidate".
  expect(headers["cache-control"]).toMatch(/(^|, )no-store(,|$)/);
  expect(headers["cache-control"]).toContain("private");
  expect(headers["x-robots-tag"]).toContain("noindex");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  await expect(page.getByRole("heading", { level: 1, name: "Your recovery status" })).toBeVisible();
  await expect(page.getByText("SK-0000001")).toBeVisible();
  for (const key of ["contacts", "calendar", "notes", "tasks", "photos"]) {
    await expect(page.locator(`[data-category="${key}"]`)).toContainText(/\d+ of \d+/);
  }
  await expect(page.getByTestId("emails")).toContainText("Private link");
  expect(foreign).toEqual([]);
  // The crowd's fast path (decision 045) answers with exactly Next's page, minus Next's scripts.
  const fast = await request.get(link!);
  const viaNext = await request.get(link!, { headers: { "x-rp-render": "next" } });
  const fastHtml = await fast.text();
  expect(fastHtml).not.toMatch(/<script\b/);
  expect(await viaNext.text()).toMatch(/<script\b/);
  expect(fastHtml).toBe(withoutScripts(await viaNext.text()));
  for (const name of ["cache-control", "referrer-policy", "x-robots-tag", "content-security-policy", "x-frame-options"]) {
    expect(fast.headers()[name], name).toBe(viaNext.headers()[name]);
  }
  // An unknown link: the same 404 page, answered by the fast path for a crowd of random tokens.
  const stranger = `/account/${"Z".repeat(43)}`;
  const [fast404, next404] = [await request.get(stranger), await request.get(stranger, { headers: { "x-rp-render": "next" } })];
  expect([fast404.status(), next404.status()]).toEqual([404, 404]);
  const fast404Html = await fast404.text();
  expect(fast404Html).toContain("This link is not valid");
  expect(fast404Html).toBe(withoutScripts(await next404.text()));

  // One click, as a mail client does it (RFC 8058): POST List-Unsubscribe=One-Click to the header's URL.
  const account = await query<{ id: number }>(`SELECT id FROM account WHERE email = 'customer1@example.com'`);
  const header = unsubscribeHeaders(listUnsubscribeUrl({ type: "account", id: account[0]!.id }, baseURL!));
  expect(header["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  const unsubscribeUrl = header["List-Unsubscribe"]!.slice(1, -1);
  const oneClick = await request.post(unsubscribeUrl, { form: { "List-Unsubscribe": "One-Click" } });
  expect(oneClick.status()).toBe(200);

  await page.reload();
  await expect(page.getByText("You have opted out of incident updates")).toBeVisible();
  await expect(page.getByText("We will still tell you once when your data is restored.")).toBeVisible();
});

test("subscribe with double opt-in, confirm from the email, unsubscribe with the button", async ({ page, baseURL }) => {
  const address = `e2e-${Date.now()}@example.org`;
  await page.goto("/subscribe");
  await page.getByLabel("Email address").fill(address);
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/\/subscribe\/sent$/);

  const kinds = await query<{ kind: string }>(`SELECT kind::text FROM email_outbox WHERE to_address = $1`, [address]);
  expect(kinds.map((k) => k.kind)).toEqual(["subscription_confirm"]);
  const confirm = await newestEmail(address, /Confirm your subscription/);
  const confirmUrl = /http\S+\/subscribe\/confirm\/\S+/.exec(confirm.text)?.[0];
  const confirmAt = new URL(confirmUrl!);
  await page.goto(confirmAt.pathname + confirmAt.search);
  await page.getByRole("button", { name: "Confirm subscription" }).click();
  await expect(page.getByRole("heading", { name: "You are subscribed" })).toBeVisible();

  const subscriber = await query<{ id: string }>(`SELECT id FROM subscriber WHERE email = $1 AND confirmed_at IS NOT NULL`, [address]);
  await page.goto(listUnsubscribeUrl({ type: "subscriber", id: subscriber[0]!.id }, baseURL!));
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();
  const after = await query<{ unsubscribed_at: Date | null }>(`SELECT unsubscribed_at FROM subscriber WHERE id = $1`, [subscriber[0]!.id]);
  expect(after[0]!.unsubscribed_at).not.toBeNull();
});
