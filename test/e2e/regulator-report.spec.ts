import { expect, test } from "@playwright/test";
import { signInAsDemoAdmin } from "./staff-sign-in";

/**
 * The regulator summary and the post-incident report, in the console against `npm start`:
 * "became aware" and the contact point set, version 1 issued and opened as issued; a
 * post-incident report created from its template and published with its figures filled
 * in from the records.
 */
test("an admin issues the regulator summary and publishes a post-incident report with figures from the records", async ({ page }) => {
  await signInAsDemoAdmin(page);
  await page.goto("/admin/incidents");
  await page.getByRole("link", { name: /Cloud sync outage/ }).click();
  await page.getByRole("link", { name: "Regulator summary (GDPR Art. 33)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Regulator summary" })).toBeVisible();
  await expect(page.getByTestId("report-totals")).toContainText(/Approximately [\d,]+ people/);

  const aware = new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 16);
  const awareness = page.getByRole("region", { name: "Became aware, and contact point" });
  await awareness.getByLabel("Became aware at (UTC)").fill(aware);
  await awareness.getByLabel("Contact point (DPO: name, email, phone)").fill("Dana Privacy, dpo@example.com");
  await awareness.getByRole("button", { name: "Save" }).click();
  await expect(awareness.getByRole("status")).toContainText("Saved.");
  await page.reload();
  await expect(page.getByTestId("report-contact")).toContainText("dpo@example.com");

  const versions = page.getByRole("region", { name: "Issued versions" });
  await versions.getByRole("button", { name: "Issue version 1" }).click();
  await expect(versions.getByRole("status")).toContainText("Version 1 issued.");
  await page.reload();
  await page.getByTestId("report-versions").getByRole("link", { name: "Version 1" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Regulator summary, version 1" })).toBeVisible();
  await expect(page.getByTestId("first-issued")).toContainText("within 72 hours");
  await expect(page.getByTestId("report-categories").locator('[data-category="photos"]')).toBeVisible();

  await page.goto("/admin/letters");
  const form = page.getByRole("region", { name: "New post-incident report (draft)" });
  await form.getByLabel("Title", { exact: true }).fill("Post-incident report: the cloud sync outage");
  await form.getByLabel("Address (/letters/…)").fill("post-incident-report");
  await form.getByLabel("Signed by").fill("Ada Chief");
  await form.getByLabel("Their title").fill("Chief Technology Officer");
  await form.getByRole("button", { name: "Create report draft" }).click();
  await expect(page).toHaveURL(/\/admin\/letters\/[0-9a-f-]{36}$/);
  page.once("dialog", (dialog) => void dialog.accept());
  const publish = page.getByTestId("publish-letter");
  await publish.getByRole("button", { name: "Publish letter" }).click();
  await expect(publish.getByRole("status")).toContainText("Published.");

  await page.goto("/letters/post-incident-report");
  for (const section of ["Summary", "Impact in figures", "Timeline", "Root cause", "What changes"]) {
    await expect(page.getByRole("heading", { name: section, exact: true })).toBeVisible();
  }
  await expect(page.locator("body")).toContainText(/People affected: [\d,]+ accounts\./);
  await expect(page.locator("body")).toContainText("We became aware of it.");
  await expect(page.locator("body")).not.toContainText("{{impact}}");
});
