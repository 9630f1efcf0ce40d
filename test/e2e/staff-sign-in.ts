import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { dataDir } from "../../playwright.config";
import { demoAdminSignIn } from "../helpers/demo-admin";
import { totpCode } from "../helpers/totp";

/**
 * Signs the demo admin in through the real form. Admins must use a second factor
 * (STAFF_2FA=required-for-admins): the first spec to sign in enrols through the console
 * (password again, the secret shown on the page, a real TOTP code computed from it) and
 * keeps the secret beside the server's data directory, which each run starts afresh;
 * later sign-ins answer the code step with a code from that secret.
 */
const secretFile = () => path.resolve(dataDir, "e2e-demo-admin-totp-secret");

export async function signInAsDemoAdmin(page: Page): Promise<void> {
  const admin = demoAdminSignIn();
  await page.goto("/admin/sign-in");
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const codeStep = page.getByLabel("Code from your authenticator app");
  const enrolment = page.getByRole("heading", { level: 1, name: "Set up two-factor sign-in" });
  await expect(codeStep.or(enrolment)).toBeVisible();
  if (await enrolment.isVisible()) {
    await page.getByLabel("Your password").fill(admin.password);
    await page.getByRole("button", { name: "Set up authenticator app" }).click();
    const secret = (await page.getByTestId("totp-secret").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await expect(page.getByTestId("backup-codes").getByRole("listitem")).toHaveCount(10);
    // With DATABASE_URL the server writes nothing there, so the directory may not exist.
    mkdirSync(path.dirname(secretFile()), { recursive: true });
    writeFileSync(secretFile(), secret);
    await page.getByLabel("Code from the app").fill(totpCode(secret));
    await page.getByRole("button", { name: "Turn on" }).click();
  } else {
    if (!existsSync(secretFile())) throw new Error("the demo admin has a second factor this run did not set up");
    await codeStep.fill(totpCode(readFileSync(secretFile(), "utf8").trim()));
    await page.getByRole("button", { name: "Verify" }).click();
  }
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
}
