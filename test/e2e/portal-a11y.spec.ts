import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

const pages = ["/", "/incidents/cloud-sync-outage", "/letters/we-are-sorry", "/letters/we-are-sorry/revisions/1", "/incidents/no-such-thing"];

for (const colorScheme of ["light", "dark"] as const) {
  test(`zero axe violations (WCAG 2.1 A/AA) in ${colorScheme} mode`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    for (const url of pages) {
      await page.goto(url);
      // Open the chart's table so that it is checked too.
      for (const summary of await page.locator("details > summary").all()) await summary.click();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(
        results.violations.map((v) => `${url}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
        url,
      ).toEqual([]);
    }
  });
}

test("readable on a 390 px phone: no horizontal overflow", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of pages.slice(0, 3)) {
    await page.goto(url);
    for (const summary of await page.locator("details > summary").all()) await summary.click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, url).toBeLessThanOrEqual(0);
    await testInfo.attach(`phone${url.replaceAll("/", "-")}.png`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  }
});

test("no request leaves the site's own origin", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const foreign: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.protocol.startsWith("http") && url.origin !== origin) foreign.push(r.url());
  });
  for (const url of pages) {
    await page.goto(url, { waitUntil: "load" });
    // Let the router's link prefetches go out too.
    await page.waitForTimeout(1_000);
  }
  expect(foreign).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the status page, its chart and the chart's table are all there", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("img", { name: /Share of affected accounts restored over time/ })).toBeVisible();
    await page.getByText("Show these figures as a table").click();
    await expect(page.getByRole("table")).toBeVisible();
  });
});

test("keyboard: the first Tab reaches the skip link, which moves to the main content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
});
