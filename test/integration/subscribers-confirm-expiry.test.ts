import { describe, expect, it } from "vitest";
import { POST as acceptPost } from "../../app/[locale]/subscribe/confirm/[token]/accept/route";
import InvalidConfirmLink from "../../app/[locale]/subscribe/confirm/[token]/not-found";
import ConfirmPage from "../../app/[locale]/subscribe/confirm/[token]/page";
import { POST as renewPost } from "../../app/[locale]/subscribe/confirm/[token]/renew/route";
import { POST as subscribePost } from "../../app/[locale]/subscribe/request/route";
import { useTestDatabase } from "../helpers/db";
import { deliverDueMail } from "../helpers/mail-delivery";
import { pageResponse } from "../helpers/pages";
import { formRequest, seedSmallDemo } from "../helpers/subscribers-fixtures";

/**
 * Issue 11.9: a subscription confirmation link expires SUBSCRIPTION_CONFIRM_TTL_DAYS
 * (default 7) after it is sent; an expired link gets a clear page that changes nothing
 * and offers a new link; a used or replaced link is "not valid".
 */
describe("subscription confirmation links expire", async () => {
  const db = await useTestDatabase();
  await seedSmallDemo(db, 5);
  let ip = 0;
  const headers = () => ({ "x-rp-remote-addr": `198.51.100.${++ip}` });

  async function newestLink(email: string): Promise<URL> {
    const sent = (await deliverDueMail(db)).filter((m) => m.to === email);
    const match = /https?:\/\/\S+\/subscribe\/confirm\/\S+/.exec(sent.at(-1)!.text);
    return new URL(match![0]);
  }
  const tokenOf = (link: URL) => decodeURIComponent(link.pathname.split("/").at(-1)!);
  const page = async (link: URL) =>
    (await pageResponse(ConfirmPage({ params: Promise.resolve({ token: tokenOf(link) }), searchParams: Promise.resolve({}) }), InvalidConfirmLink)).text();
  const post = (link: URL, step: "accept" | "renew") => {
    const request = new Request(`${link.origin}${link.pathname}/${step}`, { method: "POST", headers: { ...headers(), "content-type": "application/x-www-form-urlencoded" }, body: "" });
    const context = { params: Promise.resolve({ token: tokenOf(link) }) };
    return step === "accept" ? acceptPost(request, context) : renewPost(request, context);
  };
  const subscriber = async (email: string) =>
    (await db.driver.query<{ id: string; confirmed_at: Date | null; expires: Date | null }>(`SELECT id, confirmed_at, confirm_token_expires_at AS expires FROM subscriber WHERE email = $1`, [email]))[0]!;
  const subscriptionCount = async (id: string) => (await db.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM subscription WHERE subscriber_id = $1`, [id]))[0]!.n;

  it("expires after 7 days: a clear page, nothing changed, a new link on request; the old one is then not valid", async () => {
    const subscribed = await subscribePost(formRequest("http://localhost/subscribe/request", { email: "late@example.org", incident: "" }, headers()));
    expect(subscribed.status, await subscribed.clone().text()).toBe(303);
    const first = await newestLink("late@example.org");
    const row = await subscriber("late@example.org");
    const days = (row.expires!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    await db.driver.query(`UPDATE subscriber SET confirm_token_expires_at = now() - interval '1 minute' WHERE email = $1`, ["late@example.org"]);
    const expired = await page(first);
    expect(expired).toContain("This link has expired");
    expect(expired).toContain("Nothing was changed.");
    expect(expired).toContain("@example.org</strong>"); // the address, masked
    expect(expired).not.toContain("late@example.org");
    expect(expired).toContain(`/subscribe/confirm/${encodeURIComponent(tokenOf(first))}/renew`);

    // The confirm button on an expired link: back to the page, still unconfirmed.
    const accepted = await post(first, "accept");
    expect(accepted.status, await accepted.clone().text()).toBe(303);
    expect(accepted.headers.get("location")).toBe(first.pathname);
    expect((await subscriber("late@example.org")).confirmed_at).toBeNull();
    expect(await subscriptionCount(row.id)).toBe(0);

    // "Send a new link": a new email, whose link works; the expired one is now unknown.
    const renewed = await post(first, "renew");
    expect(renewed.status).toBe(303);
    expect(renewed.headers.get("location")).toBe("/subscribe/sent");
    const second = await newestLink("late@example.org");
    expect(tokenOf(second)).not.toBe(tokenOf(first));
    expect(await page(first)).toContain("This confirmation link is not valid");
    expect(await page(second)).toContain("Confirm your subscription");
    expect((await post(second, "accept")).headers.get("location")).toBe("/subscribe/confirmed");
    expect((await subscriber("late@example.org")).confirmed_at).not.toBeNull();
    expect(await subscriptionCount(row.id)).toBe(1);

    // Used: not valid, and nothing more happens.
    expect(await page(second)).toContain("This confirmation link is not valid");
    expect((await post(second, "accept")).headers.get("location")).toBe(second.pathname);
    expect((await post(second, "renew")).headers.get("location")).toBe(second.pathname);
    expect(await subscriptionCount(row.id)).toBe(1);
  });
});
