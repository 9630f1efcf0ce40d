import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { baseURL } from "../../playwright.config";

let other: Server;
let otherOrigin = "";

// Another site (another origin) that embeds the widget, and, as a control, the status page.
test.beforeAll(async () => {
  other = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!DOCTYPE html><title>Another site</title>
      <iframe id="widget" src="${baseURL}/widget" title="widget" width="320" height="260"></iframe>
      <iframe id="page" src="${baseURL}/" title="status page" width="320" height="260"></iframe>
      <img id="badge" src="${baseURL}/badge.svg" alt="badge">`);
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => other.close(() => resolve())));

test("another site embeds the widget (no script) and the badge; the status page itself refuses to be framed", async ({ page }) => {
  await page.goto(otherOrigin);
  const widget = page.frameLocator("#widget");
  await expect(widget.locator("p.overall")).toContainText(/% restored/);
  await expect(widget.locator("section h2 a").first()).toHaveAttribute("href", /\/incidents\/cloud-sync-outage$/);
  await expect(widget.locator("script")).toHaveCount(0);
  const badgeWidth = await page.locator("#badge").evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));
  expect(badgeWidth).toBeGreaterThan(50);
  // frame-ancestors 'none' on every other page: the browser shows its own "refused" page
  // in that frame, never ours.
  await page.waitForTimeout(500);
  await expect(page.frameLocator("#page").getByRole("heading", { name: "Service status" })).toHaveCount(0);
  await expect(page.frameLocator("#page").locator("main#main")).toHaveCount(0);
});

test("the about page shows the embed code with this portal's address, and a preview", async ({ page }) => {
  await page.goto("/about");
  await expect(page.getByRole("heading", { name: "Show this status on your site" })).toBeVisible();
  const code = page.frameLocator('iframe[title="Embed code for the widget and the badge"]');
  await expect(code.locator("pre").first()).toContainText(/<iframe src="http:\/\/[^"]+\/widget" title="Recovery status"/);
  await expect(code.locator("pre").nth(1)).toContainText(/<img src="http:\/\/[^"]+\/badge\.svg" alt="Recovery status">/);
  await expect(page.frameLocator('iframe[title="Recovery status widget (preview)"]').locator("p.overall")).toBeVisible();
  const badge = await page.request.get("/badge.svg");
  expect(badge.headers()["content-type"]).toBe("image/svg+xml; charset=utf-8");
  const again = await page.request.get("/badge.svg");
  expect(again.headers()["x-public-cache"]).toBe("hit");
});
