import { beforeAll, describe, expect, it } from "vitest";
import { POST as confirmPost } from "../../app/[locale]/subscribe/confirm/[token]/accept/route";
import InvalidConfirmLink from "../../app/[locale]/subscribe/confirm/[token]/not-found";
import ConfirmPage from "../../app/[locale]/subscribe/confirm/[token]/page";
import ConfirmedPage from "../../app/[locale]/subscribe/confirmed/page";
import { POST as subscribePost } from "../../app/[locale]/subscribe/request/route";
import { POST as unsubscribePost } from "../../app/[locale]/unsubscribe/[token]/one-click/route";
import InvalidUnsubscribeLink from "../../app/[locale]/unsubscribe/[token]/not-found";
import UnsubscribePage from "../../app/[locale]/unsubscribe/[token]/page";
import { pageResponse } from "../helpers/pages";
import SubscribePage from "../../app/[locale]/subscribe/page";
import { renderToStaticMarkup } from "react-dom/server";
import { AppError } from "../../lib/errors";
import { requestSubscription } from "../../lib/subscribers/request-subscription";
import { unsubscribeHeaders } from "../../lib/mail/transport";
import { listUnsubscribeUrl } from "../../lib/subscribers/unsubscribe-link";
import { useTestDatabase as freshTestDatabase } from "../helpers/db";
import { deliverDueMail } from "../helpers/mail-delivery";
import { formRequest, outbox, params, seedSmallDemo } from "../helpers/subscribers-fixtures";

const db = await freshTestDatabase();
const baseUrl = "https://recovery.example.com";
let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;

beforeAll(async () => {
  await seedSmallDemo(db, 10);
});

async function subscriberRow(email: string) {
  const rows = await db.driver.query<{ id: string; confirmed_at: Date | null; unsubscribed_at: Date | null; confirm_token_hash: string | null }>(
    `SELECT id, confirmed_at, unsubscribed_at, confirm_token_hash FROM subscriber WHERE email = $1`,
    [email],
  );
  return rows[0];
}

async function subscriptions(subscriberId: string) {
  return db.driver.query<{ scope: string; slug: string | null }>(
    `SELECT s.scope::text AS scope, i.slug FROM subscription s LEFT JOIN incident i ON i.id = s.incident_id WHERE s.subscriber_id = $1 ORDER BY 1, 2`,
    [subscriberId],
  );
}

/** The confirm link of the newest confirmation email to this address, as the mail worker sends it. */
async function confirmLink(email: string): Promise<URL> {
  lastDelivered.push(...(await deliverDueMail(db)));
  const sent = lastDelivered.filter((m) => m.to === email && m.subject === "Confirm your subscription to recovery updates");
  const match = /https?:\/\/\S+\/subscribe\/confirm\/\S+/.exec(sent.at(-1)!.text);
  return new URL(match![0]);
}
const lastDelivered: Awaited<ReturnType<typeof deliverDueMail>> = [];

const confirmGet = (link: URL, token: string) =>
  pageResponse(ConfirmPage({ params: Promise.resolve({ token }), searchParams: Promise.resolve(Object.fromEntries(link.searchParams)) }), InvalidConfirmLink);
/** The confirm page's button: POST to ./accept (the incident travels in the query). */
const accept = (link: URL) => new Request(`${link.origin}${link.pathname}/accept${link.search}`, { method: "POST" });
const unsubscribeGet = (token: string, query: Record<string, string> = {}) =>
  pageResponse(UnsubscribePage({ params: Promise.resolve({ token }), searchParams: Promise.resolve(query) }), InvalidUnsubscribeLink);

function tokenOf(url: URL): string {
  return decodeURIComponent(url.pathname.split("/").at(-1)!);
}

describe("subscriptions with double opt-in", () => {
  it("queues only the confirmation email; GET on the link changes nothing; the button confirms and subscribes", async () => {
    const response = await subscribePost(formRequest("http://localhost/subscribe/request", { email: "Fan@Example.org", incident: "" }, { "x-rp-remote-addr": freshIp() }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/subscribe/sent");
    const rows = (await outbox(db)).filter((r) => r.to_address === "fan@example.org");
    expect(rows.map((r) => r.kind)).toEqual(["subscription_confirm"]);
    // No credential waits in the outbox: the link is made when the email is sent.
    expect(rows[0]!.payload).toEqual({ locale: "en" });
    const before = await subscriberRow("fan@example.org");
    expect(before?.confirmed_at).toBeNull();
    expect(await subscriptions(before!.id)).toEqual([]);

    const link = await confirmLink("fan@example.org");
    const token = tokenOf(link);
    const page = await confirmGet(link, token);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Confirm subscription");
    expect((await subscriberRow("fan@example.org"))?.confirmed_at).toBeNull();

    const confirmed = await confirmPost(accept(link), params({ token }));
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe("/subscribe/confirmed");
    expect(renderToStaticMarkup(await ConfirmedPage({ searchParams: Promise.resolve({}) }))).toContain("You are subscribed");
    const after = await subscriberRow("fan@example.org");
    expect(after?.confirmed_at).not.toBeNull();
    expect(after?.confirm_token_hash).toBeNull();
    expect(await subscriptions(after!.id)).toEqual([{ scope: "all", slug: null }]);

    // The link is used up: the button sends the browser back to the page, which is a 404.
    const reused = await confirmPost(accept(link), params({ token }));
    expect(reused.status).toBe(303);
    expect((await confirmGet(link, token)).status).toBe(404);
  });

  it("subscribes to one incident when asked; the scope travels in the confirm link", async () => {
    await requestSubscription(db, { email: "one@example.org", incident: "cloud-sync-outage" }, { ip: freshIp() });
    const payload = (await outbox(db, "subscription_confirm")).at(-1)!.payload;
    expect(payload).toMatchObject({ incidentSlug: "cloud-sync-outage" });
    const link = await confirmLink("one@example.org");
    expect(lastDelivered.at(-1)!.html).toContain("Cloud sync outage");
    expect(link.searchParams.get("incident")).toBe("cloud-sync-outage");
    await confirmPost(accept(link), params({ token: tokenOf(link) }));
    const row = await subscriberRow("one@example.org");
    expect(await subscriptions(row!.id)).toEqual([{ scope: "incident", slug: "cloud-sync-outage" }]);
  });

  it("rejects bad input: malformed email or unknown incident -> 400 (a browser: back to the form saying which field), nothing queued", async () => {
    const before = (await outbox(db)).length;
    const bad = await subscribePost(formRequest("http://localhost/subscribe/request", { email: "nope" }, { "x-rp-remote-addr": freshIp() }));
    expect(bad.status).toBe(400);
    const browser = await subscribePost(formRequest("http://localhost/subscribe/request", { email: "nope" }, { "x-rp-remote-addr": freshIp(), accept: "text/html" }));
    expect(browser.status).toBe(303);
    expect(browser.headers.get("location")).toBe("/subscribe?error=invalid&field=email");
    expect(renderToStaticMarkup(await SubscribePage({ searchParams: Promise.resolve({ error: "invalid", field: "email" }) }))).toContain("Enter a valid email address");
    const json = await subscribePost(
      new Request("http://localhost/subscribe/request", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "ok@example.org", incident: "no-such-incident" }),
      }),
    );
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: { code: "VALIDATION", details: { fields: { incident: expect.any(String) } } } });
    expect((await outbox(db)).length).toBe(before);
  });

  it("a tampered confirmation token is refused with 404", async () => {
    await requestSubscription(db, { email: "tamper@example.org" }, { ip: freshIp() });
    const link = await confirmLink("tamper@example.org");
    const token = tokenOf(link);
    const tampered = (token[0] === "A" ? "B" : "A") + token.slice(1);
    expect((await confirmGet(link, tampered)).status).toBe(404);
    expect((await confirmPost(accept(link), params({ token: tampered }))).status).toBe(303);
    expect((await subscriberRow("tamper@example.org"))?.confirmed_at).toBeNull();
  });

  it("rate limits subscribe requests per address", async () => {
    const results: string[] = [];
    for (let i = 0; i < 7; i++) {
      results.push(
        await requestSubscription(db, { email: "bomb@example.org" }, { ip: freshIp() }).then(
          () => "OK",
          (e: unknown) => (e instanceof AppError ? e.code : String(e)),
        ),
      );
    }
    expect(results).toEqual(["OK", "OK", "OK", "OK", "OK", "RATE_LIMITED", "RATE_LIMITED"]);
    expect((await outbox(db, "subscription_confirm")).filter((r) => r.to_address === "bomb@example.org")).toHaveLength(5);
  });
});

describe("one-click unsubscribe (RFC 8058)", () => {
  it("gives the mail worker List-Unsubscribe and List-Unsubscribe-Post headers", () => {
    const headers = unsubscribeHeaders(listUnsubscribeUrl({ type: "account", id: 7 }, "https://r.example.com/"));
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(headers["List-Unsubscribe"]).toMatch(/^<https:\/\/r\.example\.com\/unsubscribe\/a\.7\.[A-Za-z0-9_-]{43}>$/);
  });

  it("GET shows a button and changes nothing; POST List-Unsubscribe=One-Click unsubscribes at once (urlencoded and multipart)", async () => {
    await requestSubscription(db, { email: "leaver@example.org" }, { ip: freshIp() });
    const link = await confirmLink("leaver@example.org");
    await confirmPost(accept(link), params({ token: tokenOf(link) }));
    const subscriber = await subscriberRow("leaver@example.org");
    const url = listUnsubscribeUrl({ type: "subscriber", id: subscriber!.id }, baseUrl);
    const token = url.split("/").at(-1)!;

    const page = await unsubscribeGet(token);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
    expect((await subscriberRow("leaver@example.org"))?.unsubscribed_at).toBeNull();

    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    const multipart = await unsubscribePost(new Request(url, { method: "POST", body: form }), params({ token }));
    expect(multipart.status).toBe(200);
    expect((await subscriberRow("leaver@example.org"))?.unsubscribed_at).not.toBeNull();
    expect(await subscriptions(subscriber!.id)).toEqual([]);

    const again = await unsubscribePost(formRequest(url, { "List-Unsubscribe": "One-Click" }), params({ token }));
    expect(again.status).toBe(200);
  });

  it("an affected account opts out of updates in one click (still told once when data is restored)", async () => {
    const account = (await db.driver.query<{ id: number }>(`SELECT id FROM account WHERE email = 'customer2@example.com'`))[0]!;
    const url = listUnsubscribeUrl({ type: "account", id: account.id }, baseUrl);
    const token = url.split("/").at(-1)!;
    const page = await unsubscribeGet(token);
    expect(await page.text()).toContain("still tell you once when your data is restored");
    const response = await unsubscribePost(formRequest(url, { "List-Unsubscribe": "One-Click" }, { accept: "text/html" }), params({ token }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/unsubscribe/${encodeURIComponent(token)}?done=1`);
    expect(await (await unsubscribeGet(token, { done: "1" })).text()).toContain("You are unsubscribed");
    const row = (await db.driver.query<{ updates_opt_out: boolean }>(`SELECT updates_opt_out FROM account WHERE id = $1`, [account.id]))[0];
    expect(row?.updates_opt_out).toBe(true);
  });

  it("refuses tampered tokens (404) and a POST without the one-click body (400)", async () => {
    const url = listUnsubscribeUrl({ type: "account", id: 3 }, baseUrl);
    const token = url.split("/").at(-1)!;
    const forged = token.replace(/^a\.3\./, "a.4.");
    expect((await unsubscribePost(formRequest(url, { "List-Unsubscribe": "One-Click" }), params({ token: forged }))).status).toBe(404);
    expect((await unsubscribeGet("a.3.nope")).status).toBe(404);
    expect((await unsubscribePost(formRequest(url, { other: "x" }), params({ token }))).status).toBe(400);
    const row = (await db.driver.query<{ updates_opt_out: boolean }>(`SELECT updates_opt_out FROM account WHERE id IN (3, 4) ORDER BY id`));
    expect(row.map((r) => r.updates_opt_out)).toEqual([false, false]);
  });
});
