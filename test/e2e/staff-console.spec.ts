import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { baseURL } from "../../playwright.config";
import { demoAdminSignIn } from "../helpers/demo-admin";
import { signInAsDemoAdmin } from "./staff-sign-in";

/**
 * The staff console against `npm start` on a freshly seeded database: sign-in, an
 * invited viewer whose forged publish is refused by the server, an update that shows
 * on the status page, and two editors colliding on one incident.
 */
const ADMIN = demoAdminSignIn();
const VIEWER = { email: "viewer.e2e@example.com", password: "viewer-pass-1234" };

async function signIn(browser: Browser, who: { email: string; password: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (who === ADMIN) {
    await signInAsDemoAdmin(page);
    return { context, page };
  }
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/sign-in$/);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  return { context, page };
}

async function openSeededIncident(page: Page): Promise<string> {
  await page.goto("/admin/incidents");
  await page.getByRole("link", { name: /Cloud sync outage/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Cloud sync outage/ })).toBeVisible();
  return page.url();
}

test.describe.serial("staff console", () => {
  let admin: { context: BrowserContext; page: Page };

  test.beforeAll(async ({ browser }) => {
    admin = await signIn(browser, ADMIN);
  });

  test.afterAll(async () => {
    await admin.context.close();
  });

  test("the seeded admin signs in and sees the dashboard with progress, email counts and activity", async () => {
    const { page } = admin;
    await expect(page.locator('[data-category="contacts"]').first()).toContainText(/% restored/);
    await expect(page.locator('[data-email-status="queued"]')).toBeVisible();
    await expect(page.getByRole("img", { name: /Share of affected accounts restored over time/ })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Recent activity" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Staff console" }).getByRole("link", { name: "Audit" })).toBeVisible();
  });

  test("a wrong password is refused", async ({ page }) => {
    await page.goto("/admin/sign-in");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("p.notice.error")).toContainText(/Wrong email or password|Too many attempts/);
  });

  test("an invited viewer sets a password, signs in, and the server refuses their publish", async ({ browser }) => {
    const { page } = admin;
    await page.goto("/admin/staff");
    const invite = page.getByTestId("invite-staff");
    await invite.getByLabel("Email").fill(VIEWER.email);
    await invite.getByLabel("Role").selectOption("viewer");
    await invite.getByRole("button", { name: "Invite" }).click();
    const link = (await page.getByTestId("invite-url").textContent())?.trim() ?? "";
    expect(link).toMatch(/\/admin\/invite\/[A-Za-z0-9_-]+$/);

    const invitee = await browser.newContext();
    const invitePage = await invitee.newPage();
    await invitePage.goto(new URL(link).pathname);
    await invitePage.getByLabel("Password", { exact: true }).fill(VIEWER.password);
    await invitePage.getByLabel("Password again").fill(VIEWER.password);
    await invitePage.getByRole("button", { name: "Set password" }).click();
    await expect(invitePage).toHaveURL(/\/admin\/sign-in\?welcome=1$/);
    await invitee.close();

    const viewer = await signIn(browser, VIEWER);
    const incidentUrl = await openSeededIncident(viewer.page);
    await expect(viewer.page.getByText("can read incidents but not change them")).toBeVisible();
    await expect(viewer.page.getByRole("button", { name: "Publish update" })).toHaveCount(0);

    // Capture the admin's real "Publish update" server action request without letting it
    // through, then replay it byte for byte with the viewer's session.
    const forged = `Forged by a viewer ${Date.now()}`;
    await page.goto(incidentUrl);
    let captured: { headers: Record<string, string>; body: Buffer } | null = null;
    await page.route(incidentUrl, async (route) => {
      const request = route.request();
      const headers = await request.allHeaders();
      if (request.method() === "POST" && headers["next-action"] && (headers["content-type"] ?? "").startsWith("multipart/form-data")) {
        captured = { headers, body: request.postDataBuffer() ?? Buffer.alloc(0) };
        await route.abort();
        return;
      }
      // The page may navigate (or be unrouted) while this handler runs: a route already handled is not an error here.
      await route.continue().catch((error: unknown) => {
        if (!String(error).includes("already handled")) throw error;
      });
    });
    const form = page.getByTestId("post-update");
    await form.getByLabel("Update (markdown)").fill(forged);
    await form.getByRole("button", { name: "Publish update" }).click();
    await expect.poll(() => captured !== null).toBe(true);
    await page.unroute(incidentUrl);

    const request = captured as unknown as { headers: Record<string, string>; body: Buffer };
    const response = await viewer.context.request.post(incidentUrl, {
      headers: {
        "next-action": request.headers["next-action"] ?? "",
        "content-type": request.headers["content-type"] ?? "",
        accept: "text/x-component",
        origin: new URL(baseURL).origin,
      },
      data: request.body,
    });
    const text = await response.text();
    expect(text).toContain("FORBIDDEN");
    expect(text).toContain("viewer");

    // The same request with no session at all is refused as unauthenticated.
    const anonymous = await (await browser.newContext()).request.post(incidentUrl, {
      headers: { "next-action": request.headers["next-action"] ?? "", "content-type": request.headers["content-type"] ?? "", accept: "text/x-component", origin: new URL(baseURL).origin },
      data: request.body,
    });
    expect(await anonymous.text()).toContain("UNAUTHENTICATED");

    await viewer.page.goto("/");
    await expect(viewer.page.getByText(forged)).toHaveCount(0);
    await viewer.context.close();
  });

  test("an editor publishes an update and it shows on the status page", async () => {
    const { page } = admin;
    await openSeededIncident(page);
    const text = `Photos are now being restored from the archive (${Date.now()}).`;
    const form = page.getByTestId("post-update");
    await form.getByLabel("Status").selectOption("recovering");
    await form.getByLabel("Update (markdown)").fill(text);
    await expect(page.getByTestId("preview-body")).toContainText("Photos are now being restored");
    await form.getByRole("button", { name: "Publish update" }).click();
    await expect(form.getByRole("status")).toContainText("Update posted.");
    await page.goto("/");
    await expect(page.getByText(text)).toBeVisible();
    await page.goto("/admin/audit?action=incident.post_update");
    await expect(page.getByTestId("audit-table")).toContainText(ADMIN.email);
  });

  test("two editors on one incident: the second save gets a conflict showing both versions", async ({ browser }) => {
    const second = await signIn(browser, ADMIN);
    const url = await openSeededIncident(admin.page);
    await second.page.goto(url);
    const first = admin.page.getByTestId("edit-incident");
    const other = second.page.getByTestId("edit-incident");
    await first.getByLabel("Summary").fill("First editor: most data is back.");
    await other.getByLabel("Summary").fill("Second editor: all data is back.");
    await first.getByRole("button", { name: "Save changes" }).click();
    await expect(first.getByRole("status")).toContainText("Saved.");
    await other.getByRole("button", { name: "Save changes" }).click();
    const alert = other.getByRole("alert");
    await expect(alert).toContainText("Conflict");
    await expect(other.getByTestId("conflict")).toContainText("First editor: most data is back.");
    await expect(other.getByTestId("conflict")).toContainText("Second editor: all data is back.");
    // Nothing was overwritten, and the second editor's text is still in their form.
    await expect(other.getByLabel("Summary")).toHaveValue("Second editor: all data is back.");
    await admin.page.reload();
    await expect(admin.page.getByTestId("edit-incident").getByLabel("Summary")).toHaveValue("First editor: most data is back.");
    await second.context.close();
  });

  test("a published letter is corrected through a new revision with a note; merge fields preview for one account", async () => {
    const { page } = admin;
    await page.goto("/admin/letters");
    await page.getByRole("link", { name: "We are sorry" }).click();
    await expect(page.getByText("revision 2 published")).toBeVisible();
    const draft = page.getByTestId("save-letter");
    const body = draft.getByLabel("Letter (markdown)");
    await body.fill(`Dear {{name}},\n\n{{categories}}\n\n${await body.inputValue()}`);
    await draft.getByRole("button", { name: "Save English draft" }).click();
    await expect(draft.getByRole("status")).toContainText("Draft saved");

    await page.getByLabel("Account reference").fill("SK-0000001");
    await page.getByRole("button", { name: "Preview", exact: true }).click();
    await expect(page.getByTestId("merge-preview")).toContainText(/Contacts: (restored|partly restored|being restored|waiting|could not|not affected)/);
    await expect(page.getByTestId("merge-preview")).not.toContainText("{{");

    page.once("dialog", (dialog) => void dialog.accept());
    const publish = page.getByTestId("publish-letter");
    await publish.getByLabel(/Correction note/).fill("We now address each customer and list their own data.");
    await publish.getByRole("button", { name: "Publish correction" }).click();
    await expect(publish.getByRole("status")).toContainText("Published.");
    await page.reload();
    await expect(page.getByText("revision 3 published")).toBeVisible();
    await expect(page.getByText("We now address each customer and list their own data.")).toBeVisible();
  });

  test("signing out ends the session: the console asks to sign in again", async () => {
    const { page } = admin;
    await page.goto("/admin");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/admin\/sign-in$/);
    await page.goto("/admin/audit");
    await expect(page).toHaveURL(/\/admin\/sign-in$/);
  });
});
