import { expect, test } from "@playwright/test";
import { incidentsSchema, statusSchema } from "../helpers/public-api-schemas";

test("the status page shows status, advice, latest update, progress with partial and unrecoverable, chart and letters", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toMatch(/public.*s-maxage=5.*stale-while-revalidate/);
  await expect(page.getByText("Major incident: customer data affected")).toBeVisible();
  await expect(page.getByRole("heading", { name: "What you can do now" })).toBeVisible();
  await expect(page.getByText("Keep your device switched on")).toBeVisible();
  const contacts = page.locator('[data-category="contacts"]');
  await expect(contacts).toContainText(/\d+\.\d% restored, [\d,]+ of [\d,]+ accounts/);
  await expect(contacts).toContainText(/[\d,]+ partly restored · [\d,]+ unrecoverable/);
  // The latest update is rendered markdown, not raw asterisks.
  await expect(page.locator(".incident .prose").first()).not.toContainText("**");
  await expect(page.getByRole("img", { name: /Share of affected accounts restored over time/ })).toBeVisible();
  await page.getByText("Show these figures as a table").click();
  await expect(page.getByRole("table", { name: /Share of affected accounts restored/ })).toBeVisible();
  await page.getByRole("link", { name: "We are sorry" }).click();
  await expect(page).toHaveURL(/\/letters\/we-are-sorry$/);
});

test("the incident page has the full timeline, categories, letters and the remedy", async ({ page }) => {
  await page.goto("/incidents/cloud-sync-outage");
  await expect(page.getByRole("heading", { level: 1, name: /Cloud sync outage/ })).toBeVisible();
  // Other specs in the same run may publish more updates: at least the seeded five.
  expect(await page.locator(".timeline-item").count()).toBeGreaterThanOrEqual(5);
  await expect(page.locator(".timeline")).toContainText("Contacts are back for most accounts");
  await expect(page.getByRole("heading", { name: "If your data cannot be recovered" })).toBeVisible();
  await expect(page.locator("[data-category]")).toHaveCount(6);
});

test("a corrected letter shows its signatory and correction, and the original stays reachable", async ({ page }) => {
  await page.goto("/letters/we-are-sorry");
  await expect(page.getByRole("heading", { level: 1, name: "We are sorry" })).toBeVisible();
  await expect(page.getByText("Alex Morgan")).toBeVisible();
  await expect(page.getByText(/Correction \(.+UTC\):/)).toBeVisible();
  await expect(page.getByText("Most data has been recovered")).toBeVisible();
  await page.getByRole("link", { name: "Version 1" }).click();
  await expect(page).toHaveURL(/\/letters\/we-are-sorry\/revisions\/1$/);
  await expect(page.getByText(/You are reading version 1 of \d+/)).toBeVisible();
  await expect(page.getByText("All data has been recovered")).toBeVisible();
});

test("unknown slugs are a real 404 page", async ({ page }) => {
  for (const url of ["/incidents/no-such-thing", "/letters/no-such-letter", "/letters/we-are-sorry/revisions/99", "/letters/we-are-sorry/revisions/x"]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
});

test("the JSON API has the documented shapes, open CORS, and names a bad query field", async ({ request }) => {
  const status = await request.get("/api/v1/status", { headers: { Origin: "https://elsewhere.example" } });
  expect(status.status()).toBe(200);
  expect(status.headers()["access-control-allow-origin"]).toBe("*");
  const body = statusSchema.parse(await status.json());
  expect(body.incidents[0]?.categories).toHaveLength(6);

  const list = incidentsSchema.parse(await (await request.get("/api/v1/incidents?page=1&limit=5")).json());
  expect(list.incidents[0]?.slug).toBe("cloud-sync-outage");

  const bad = await request.get("/api/v1/incidents?limit=1000");
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toMatchObject({ error: { code: "VALIDATION", details: { field: "limit" } } });
  const preflight = await request.fetch("/api/v1/status", { method: "OPTIONS" });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["access-control-allow-methods"]).toContain("GET");
});

test("the feeds parse as XML with one entry per update and letter revision", async ({ page, request }) => {
  await page.goto("/about");
  // Entries expected: every published update (counted by the API) + every letter revision.
  const list = incidentsSchema.parse(
    await (await request.get("/api/v1/incidents?limit=100")).json(),
  );
  let revisions = 0;
  const status = statusSchema.parse(await (await request.get("/api/v1/status")).json());
  for (const letter of status.incidents.flatMap((i) => i.letters)) {
    const html = await (await request.get(`/letters/${letter.slug}`)).text();
    revisions += new Set(html.match(/revisions\/\d+/g) ?? []).size + 1;
  }
  const expected = list.incidents.reduce((n, i) => n + i.updates, 0) + revisions;
  for (const [url, entry, type] of [
    ["/feed.atom", "entry", "application/atom+xml"],
    ["/feed.rss", "item", "application/rss+xml"],
  ] as const) {
    const response = await request.get(url);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain(type);
    const xml = await response.text();
    const parsed = await page.evaluate(
      ([text, tag]) => {
        const doc = new DOMParser().parseFromString(text, "application/xml");
        return { error: doc.getElementsByTagName("parsererror").length, entries: doc.getElementsByTagName(tag).length };
      },
      [xml, entry] as const,
    );
    expect(parsed, url).toEqual({ error: 0, entries: expected });
  }
});

test("a repeated request is served from the in-front cache", async ({ request }) => {
  await request.get("/api/v1/status");
  const second = await request.get("/api/v1/status");
  expect(second.headers()["x-public-cache"]).toBe("hit");
});
