import { expect, test } from "@playwright/test";
import { withoutScripts } from "../../app/account/[token]/fast-path-shell";
import { mailSinkPorts } from "./mail-sink-ports";
import { signInAsDemoAdmin } from "./staff-sign-in";

/**
 * Remedies end to end against `npm start`: staff define a remedy in the console; the
 * customer's private page (link read from the real SMTP sink) says "You qualify for ...",
 * answered byte for byte the same by the fast path and by Next (decision 045); the
 * customer accepts in the browser and gets a reference; the console counts the claim.
 */
const port = Number(process.env.E2E_PORT ?? 3100);

async function newestLink(to: string, after: number): Promise<string> {
  const sink = `http://127.0.0.1:${mailSinkPorts(port).http}/messages?to=${encodeURIComponent(to)}`;
  let link: string | undefined;
  await expect
    .poll(async () => {
      const messages = ((await (await fetch(sink)).json()) as { subject: string; text: string }[]).slice(after);
      const email = messages.filter((m) => /private link/.test(m.subject)).at(-1);
      link = email ? /\/account\/[A-Za-z0-9_-]{43}/.exec(email.text)?.[0] : undefined;
      return Boolean(link);
    }, { timeout: 30_000 })
    .toBe(true);
  return link!;
}

const sunkCount = async (to: string) =>
  ((await (await fetch(`http://127.0.0.1:${mailSinkPorts(port).http}/messages?to=${encodeURIComponent(to)}`)).json()) as unknown[]).length;

test("staff define a remedy; the customer sees it on their page, accepts it and gets a reference", async ({ page, browser, request }) => {
  const staff = await browser.newContext();
  const admin = await staff.newPage();
  await signInAsDemoAdmin(admin);
  await admin.goto("/admin/incidents");
  await admin.getByRole("link", { name: /Cloud sync outage/ }).click();
  await admin.getByRole("link", { name: "Remedies", exact: true }).click();
  const form = admin.getByRole("region", { name: "New remedy" });
  await form.getByLabel("Name (shown to customers)").fill("One free month");
  await form.getByLabel("Condition").fill("any affected");
  await form.getByLabel("Offer").fill("Your next month of service is free.");
  await form.getByRole("button", { name: "Add remedy" }).click();
  const rule = admin.getByTestId("remedy-rule").filter({ hasText: "One free month" });
  await expect(rule.getByTestId("remedy-count")).not.toHaveText("0");
  // The same remedy in Spanish, for customers who read Spanish.
  const languages = rule.getByTestId("remedy-languages");
  await languages.locator("summary").click();
  await languages.getByLabel("Name in Spanish").fill("Un mes gratis");
  const spanish = languages.locator("form").filter({ has: admin.getByLabel("Name in Spanish") });
  await spanish.getByLabel("Offer").fill("Su próximo mes de servicio es gratis.");
  await spanish.getByRole("button", { name: "Save Spanish" }).click();
  await expect(spanish.getByRole("status")).toContainText("Saved.");
  await admin.reload();
  await expect(rule.getByTestId("remedy-languages").locator("summary")).toContainText("In other languages (Spanish)");

  const address = "customer3@example.com";
  const before = await sunkCount(address);
  await page.goto("/lookup");
  await page.getByLabel("Email address on your account").fill(address);
  await page.getByRole("button", { name: "Email me a private link" }).click();
  await expect(page).toHaveURL(/\/lookup\/sent$/);
  const link = await newestLink(address, before);

  await page.goto(link);
  const offers = page.getByTestId("remedies");
  await expect(offers.getByRole("heading", { name: "You qualify for" })).toBeVisible();
  await expect(offers).toContainText("One free month: Your next month of service is free.");

  // The fast path and Next answer the same bytes, with the offer and after the claim.
  const same = async (url: string) => {
    const fast = await (await request.get(url)).text();
    expect(fast).not.toMatch(/<script\b/);
    expect(fast).toBe(withoutScripts(await (await request.get(url, { headers: { "x-rp-render": "next" } })).text()));
    return fast;
  };
  expect(await same(link)).toContain("Accept this offer");

  await offers.getByRole("button", { name: "Accept this offer" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your offer is accepted" })).toBeVisible();
  const reference = page.getByTestId("claim-reference");
  await expect(reference).toContainText(/Your reference: RM-[0-9A-Z]{5}-[0-9A-Z]{5}/);
  expect(await same(link)).toContain("Your reference: RM-");
  await expect(offers.getByRole("button", { name: "Accept this offer" })).toHaveCount(0);

  await admin.reload();
  await expect(rule.getByTestId("remedy-claimed")).toHaveText("1");
  await staff.close();
});
