import { expect, test } from "@playwright/test";

test("the status page shows the seeded incident with per-category progress from the records", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 2, name: /Cloud sync outage/ })).toBeVisible();
  const contacts = page.locator('[data-category="contacts"]');
  await expect(contacts).toContainText(/\d+\.\d% restored, [\d,]+ of [\d,]+ accounts/);
  await expect(page.getByText("Latest update")).toBeVisible();
});

test("health reports the database as ready", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: { ready: true } });
});
