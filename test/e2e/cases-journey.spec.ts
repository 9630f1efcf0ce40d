import { signInAsDemoAdmin } from "./staff-sign-in";
import { expect, test, type Page } from "@playwright/test";
import { templateVersions } from "../../lib/mail/templates/versions";
import { mailSinkPorts } from "./mail-sink-ports";

/**
 * "Something is missing", end to end against `npm start`: a customer opens their private
 * link (read from the real SMTP sink), reports missing photos; support answers from
 * /admin/cases; the customer finds the reply in their inbox (the sink) and on their page.
 */
const port = Number(process.env.E2E_PORT ?? 3100);

interface SunkEmail {
  subject: string;
  text: string;
  html: string;
}

async function newestEmail(to: string, subject: RegExp, after = 0): Promise<SunkEmail> {
  const sink = `http://127.0.0.1:${mailSinkPorts(port).http}/messages?to=${encodeURIComponent(to)}`;
  let found: SunkEmail | undefined;
  await expect
    .poll(async () => {
      const messages = ((await (await fetch(sink)).json()) as SunkEmail[]).slice(after);
      found = messages.filter((m) => subject.test(m.subject)).at(-1);
      return Boolean(found);
    }, { timeout: 30_000 })
    .toBe(true);
  return found!;
}

async function sunkCount(to: string): Promise<number> {
  return ((await (await fetch(`http://127.0.0.1:${mailSinkPorts(port).http}/messages?to=${encodeURIComponent(to)}`)).json()) as unknown[]).length;
}

/** The private link of the first seeded English-speaking customer whose photos were affected. */
async function openPrivatePage(page: Page): Promise<{ address: string; link: string }> {
  for (let n = 11; n < 40; n++) {
    // The demo seed gives every 7th account German and every 11th French (lib/seed/seed-demo.ts): their emails are in that language.
    if (n % 7 === 0 || n % 11 === 0) continue;
    const address = `customer${n}@example.com`;
    const before = await sunkCount(address);
    await page.goto("/lookup");
    await page.getByLabel("Email address on your account").fill(address);
    await page.getByRole("button", { name: "Email me a private link" }).click();
    await expect(page).toHaveURL(/\/lookup\/sent$/);
    const email = await newestEmail(address, /private link/, before);
    const link = /\/account\/[A-Za-z0-9_-]{43}/.exec(email.text)![0];
    await page.goto(link);
    const state = await page.locator('[data-category="photos"]').getAttribute("data-state");
    if (state && state !== "not_affected") return { address, link };
  }
  throw new Error("no seeded customer with affected photos");
}

test("a customer reports missing photos, support replies, the customer reads it by email and on the page", async ({ page, browser }) => {
  const { address, link } = await openPrivatePage(page);

  // The customer: "Something missing?" on the photos row preselects photos in the form.
  await page.locator('[data-category="photos"]').getByRole("link", { name: "Something missing?" }).click();
  const form = page.locator("form.report-form");
  await expect(form.getByLabel("Kind of data")).toHaveValue(/\d+/);
  await expect(form.getByLabel("Kind of data").locator("option:checked")).toHaveText("Photos");
  await form.getByLabel("What is missing").fill("My holiday photos from 2008");
  await form.getByLabel("How many items you expected (optional)").fill("300");
  await form.getByLabel("Anything else we should know (optional)").fill("Only 64 came back. <b>not bold</b>");
  await form.getByLabel("How we can reach you").fill(address);
  await form.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("status")).toContainText(/Your report C-\d{6} is open/);
  const caseNumber = /C-\d{6}/.exec((await page.getByRole("status").textContent()) ?? "")![0];
  const reported = page.getByTestId("case").filter({ hasText: caseNumber });
  await expect(reported).toContainText("My holiday photos from 2008");
  await expect(reported).toContainText("Only 64 came back. <b>not bold</b>");

  // Support: the queue, the case, a note and a reply.
  const staff = await browser.newContext();
  const admin = await staff.newPage();
  // The demo admin signs in with the second factor admins must use (staff-sign-in.ts).
  await signInAsDemoAdmin(admin);
  await admin.goto("/admin/cases?categoryKey=photos");
  await admin.getByTestId("case-queue").getByRole("link", { name: caseNumber }).click();
  await expect(admin.getByTestId("case-missing")).toContainText("My holiday photos from 2008 · expected 300 items");
  await admin.getByLabel("Note (never shown to the customer)").fill("Internal: shard 7 skipped");
  await admin.getByRole("button", { name: "Save note" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Note saved" })).toBeVisible();
  const before = await sunkCount(address);
  await admin.getByLabel("Reply (the customer reads it on their page and by email)").fill("We found 236 more of your photos; they are being restored now.");
  await admin.getByRole("button", { name: "Send reply" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Reply sent" })).toBeVisible();

  // Proof of notice: the private link was seen (the page's beacon, written in batches), the lookup email is on record.
  await admin.getByTestId("case-account").click();
  await admin.getByRole("link", { name: "Proof of notice (printable)" }).click();
  await expect(admin.getByTestId("evidence-notices").locator('[data-kind="lookup_link"]').first()).toContainText(templateVersions.lookup_link);
  await expect(admin.getByTestId("evidence-notices").locator('[data-kind="lookup_link"]').first()).toContainText("sent");
  await expect
    .poll(async () => {
      await admin.reload();
      return (await admin.getByTestId("evidence-opens").textContent()) ?? "";
    }, { timeout: 30_000 })
    .toMatch(/First opened: \d/);
  await staff.close();

  // The customer's inbox (the real SMTP sink): the reply, with a fresh private link.
  const reply = await newestEmail(address, /Our reply to your report about photos/, before);
  expect(reply.text).toContain("We found 236 more of your photos; they are being restored now.");
  expect(reply.text).not.toContain("shard 7");
  const fresh = /\/account\/[A-Za-z0-9_-]{43}/.exec(reply.text)![0];
  expect(fresh).not.toBe(link);

  // And on the page, through either link; the internal note is nowhere.
  for (const url of [link, fresh]) {
    await page.goto(url);
    const thread = page.getByTestId("case").filter({ hasText: caseNumber });
    await expect(thread.locator('[data-message-kind="reply"]')).toContainText("We found 236 more of your photos");
    await expect(thread).toContainText("Answered: reply below");
    await expect(page.locator("body")).not.toContainText("shard 7");
  }
});
