import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signInAsDemoAdmin } from "./staff-sign-in";

// Support's day: import a file (dry run with errors, then a good file), watch it apply,
// find an account, change its contacts to restored and see the history; then move several
// accounts at once by CSV file (dry run, confirm) and see the history again.
const fixture = (name: string) => path.resolve("test/fixtures", name);

async function signIn(page: Page) {
  await signInAsDemoAdmin(page);
}

async function upload(page: Page, file: string) {
  await page.goto("/admin/imports");
  await page.getByLabel("CSV file", { exact: true }).setInputFiles(fixture(file));
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page).toHaveURL(/\/admin\/imports\/[0-9a-f-]{36}$/);
}

test("import with a dry run, find the account, restore its contacts, see the history, change more by CSV file", async ({ page }) => {
  await signIn(page);

  await upload(page, "affected-accounts-bad.csv");
  await expect(page.getByRole("heading", { level: 1, name: "The file has errors" })).toBeVisible();
  const errors = page.getByRole("table");
  await expect(errors.getByRole("row").filter({ hasText: "fotos" })).toContainText("3");
  await expect(errors).toContainText("is not a valid email address");
  await expect(page.getByRole("button", { name: "Commit import" })).toHaveCount(0);

  await upload(page, "affected-accounts.csv");
  await expect(page.getByRole("heading", { level: 1, name: "Ready to import" })).toBeVisible();
  await expect(page.getByTestId("rows-read")).toHaveText("8");
  await page.getByRole("button", { name: "Commit import" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Imported" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("progressbar", { name: "Import progress" })).toBeVisible();
  await expect(page.getByTestId("rows-applied")).toHaveText("8");
  // The page reads only the job row: a reload shows the same.
  await page.reload();
  await expect(page.getByTestId("rows-applied")).toHaveText("8");

  await page.goto("/admin/accounts");
  await page.getByLabel(/Email, account reference or name/).fill("ada@example");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "IMP-0001" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ada Lovelace");
  const adaPage = page.url();
  await expect(page.locator('tr[data-category="contacts"]')).toContainText("pending");

  await page.getByLabel("Category", { exact: true }).selectOption({ label: "Contacts" });
  await page.getByLabel("New state", { exact: true }).selectOption("restored");
  await page.getByLabel("Note", { exact: true }).fill("Restored from the October snapshot");
  await page.getByRole("button", { name: "Save change" }).click();
  await expect(page.getByRole("status")).toContainText("Saved");
  await expect(page.locator('tr[data-category="contacts"]')).toContainText("restored");
  await expect(page.locator('tr[data-category="contacts"]')).toContainText("312 of 312");
  const history = page.getByRole("region", { name: "Restore history" });
  const change = history.getByRole("row").filter({ hasText: "Restored from the October snapshot" });
  await expect(change).toContainText("pending");
  await expect(change).toContainText("restored");
  await expect(change).toContainText("admin@example.com");
  // The import's own event for calendar names the import.
  await expect(history.getByRole("row").filter({ hasText: "import of affected-accounts.csv" })).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Emails" })).toContainText("queued");

  await test.step("bulk state change by CSV file: dry-run counts, confirm, the account's history", async () => {
    await page.goto("/admin/accounts/bulk");
    await page.getByLabel("CSV file", { exact: true }).setInputFiles(fixture("state-changes.csv"));
    await page.getByRole("button", { name: "Upload and check" }).click();
    await expect(page.getByRole("heading", { name: "Check of state-changes.csv" })).toBeVisible();
    await expect(page.getByTestId("file-rows-read")).toHaveText("5");
    await expect(page.getByTestId("file-would-change")).toHaveText("4");
    await expect(page.getByTestId("file-unchanged")).toHaveText("1");
    await expect(page.getByTestId("file-rejected")).toHaveText("0");
    await page.getByLabel(/Note for rows without one/).fill("Second restore pass");
    await page.getByRole("button", { name: "Apply 4 changes" }).click();
    await expect(page.getByRole("status")).toContainText("4 rows of state-changes.csv applied");

    await page.goto(adaPage);
    await expect(page.locator('tr[data-category="calendar"]')).toContainText("restored");
    await expect(page.locator('tr[data-category="photos"]')).toContainText("1,200 of 1,450");
    const history = page.getByRole("region", { name: "Restore history" });
    const calendar = history.getByRole("row").filter({ hasText: "Calendar restored from the October snapshot" });
    await expect(calendar).toContainText("restoring");
    await expect(calendar).toContainText("admin@example.com");
    await expect(history.getByRole("row").filter({ hasText: "Second restore pass" })).toContainText("partial");
  });
});
