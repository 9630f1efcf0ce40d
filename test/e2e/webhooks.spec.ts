import { createServer } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { signInAsDemoAdmin } from "./staff-sign-in";

/**
 * The webhooks console against `npm start` (WEBHOOKS_ALLOW_PRIVATE=1, fast retries: see
 * playwright.config.ts): an admin registers a receiver this spec runs, copies the secret
 * shown once, sends a test that the receiver verifies with standardwebhooks; an endpoint
 * nobody answers is retried, parked with the reason, disabled with a notice on the
 * dashboard, enabled again and its delivery resent.
 */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function register(page: Page, url: string, description: string): Promise<string> {
  await page.goto("/admin/webhooks");
  const form = page.getByTestId("register-webhook");
  await form.getByLabel("URL (https, a public address)").fill(url);
  await form.getByLabel("What it is for (optional)").fill(description);
  await form.getByRole("button", { name: "Register" }).click();
  await expect(form.getByRole("status")).toContainText("Copy its signing secret now");
  const secret = (await form.getByTestId("webhook-secret").textContent()) ?? "";
  expect(secret).toMatch(/^whsec_/);
  return secret;
}

test.describe.serial("webhooks console", () => {
  let receiver: WebhookReceiver;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    receiver = await startWebhookReceiver();
    page = await (await browser.newContext()).newPage();
    // The demo admin signs in with the second factor admins must use (staff-sign-in.ts).
    await signInAsDemoAdmin(page);
  });

  test.afterAll(async () => {
    await page.context().close();
    await receiver.close();
  });

  test("register an endpoint, see its secret once, send a test the receiver verifies", async () => {
    receiver.setSecret(await register(page, receiver.url, "e2e receiver"));
    await page.reload();
    await expect(page.getByTestId("register-webhook").getByTestId("webhook-secret")).toHaveCount(0);
    await page.getByRole("link", { name: receiver.url }).click();
    await expect(page.getByRole("heading", { level: 1, name: receiver.url })).toBeVisible();
    await page.getByTestId("webhook-test").getByRole("button", { name: "Send a test" }).click();
    await expect(page.getByTestId("webhook-test").getByRole("status")).toContainText("queued");
    await expect.poll(() => [...receiver.processed.values()].map((e) => e.type), { timeout: 15_000 }).toContain("webhook.test");
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    await expect
      .poll(async () => {
        await page.reload();
        return page.locator("tr[data-delivery]").first().getAttribute("data-status");
      }, { timeout: 15_000 })
      .toBe("sent");
    await expect(page.locator("tr[data-delivery]").first()).toContainText(/HTTP 204 in \d+ ms/);

    // A new secret, shown once: the next delivery verifies with it (and only with it).
    page.once("dialog", (dialog) => void dialog.accept());
    const rotate = page.getByTestId("webhook-rotate");
    await rotate.getByRole("button", { name: "New secret" }).click();
    await expect(rotate.getByRole("status")).toContainText("New signing secret");
    const secret = (await rotate.getByTestId("webhook-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    receiver.setSecret(secret);
    const before = receiver.processed.size;
    await page.getByTestId("webhook-test").getByRole("button", { name: "Send a test" }).click();
    await expect.poll(() => receiver.processed.size, { timeout: 15_000 }).toBe(before + 1);
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
  });

  test("an unreachable endpoint is retried, parked with the reason, disabled on the dashboard; enable and resend", async () => {
    const deadUrl = `http://127.0.0.1:${await freePort()}/hooks`;
    await register(page, deadUrl, "dead receiver");
    await page.getByRole("link", { name: deadUrl }).click();
    await page.getByTestId("webhook-test").getByRole("button", { name: "Send a test" }).click();
    await expect(page.getByTestId("webhook-test").getByRole("status")).toContainText("queued");
    const row = page.locator("tr[data-delivery]").first();
    await expect
      .poll(async () => {
        await page.reload();
        return row.getAttribute("data-status");
      }, { timeout: 30_000 })
      .toBe("parked");
    await expect(row).toContainText(/gave up after 3 attempts: connection refused/);
    await expect(page.locator("p.notice.error")).toContainText("Disabled: disabled after 3 failed attempts in a row");

    await page.goto("/admin");
    await expect(page.getByTestId("disabled-webhooks")).toContainText("dead receiver");
    await page.getByTestId("disabled-webhooks").getByRole("link", { name: "dead receiver" }).click();
    await page.getByTestId("webhook-enable").getByRole("button", { name: "Enable" }).click();
    await expect(page.getByTestId("webhook-enable").getByRole("status")).toContainText("Enabled");
    const endpointPage = page.url();
    await page.goto("/admin");
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await expect(page.getByTestId("disabled-webhooks")).toHaveCount(0);
    await page.goto(endpointPage);
    await expect(page.locator("dt", { hasText: "Failed attempts in a row" }).locator("+ dd")).toHaveText("0");
    const webhookId = await row.locator("code").textContent();
    await row.getByRole("button", { name: "Resend" }).click();
    // Sent again (and refused again: nobody listens), with the same webhook-id, counting against the endpoint anew.
    await expect
      .poll(async () => {
        await page.reload();
        return page.locator("dt", { hasText: "Failed attempts in a row" }).locator("+ dd").textContent();
      }, { timeout: 30_000 })
      .toBe("3");
    await expect(page.locator("tr[data-delivery]")).toHaveCount(1);
    await expect(row.locator("code")).toHaveText(webhookId ?? "");
  });
});
