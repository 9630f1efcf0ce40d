import { describe, expect, it, vi } from "vitest";
import type { ActionState } from "@/lib/http/action-state";
import { useTestDatabase } from "../helpers/db";
import { pageResponse } from "../helpers/pages";
import { cookieHeaders, enrolSecondFactor } from "../helpers/staff";
import { totpCode } from "../helpers/totp";

/**
 * Issue 11.4: two-factor sign-in for staff (better-auth's two-factor plugin, TOTP and
 * backup codes). STAFF_2FA is the default, required-for-admins. Codes are computed from
 * the secret with otpauth, as an authenticator app does.
 */
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [], has: () => false }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { getAuth } = await import("@/lib/auth/auth");
const { cliPrincipal } = await import("@/lib/auth/principal");
const { mustEnrolSecondFactor } = await import("@/lib/auth/require-staff");
const { inviteStaff } = await import("@/lib/staff/invite-staff");
const { POST: authPost } = await import("@/app/api/auth/[...all]/route");
const { publicUrl } = await import("@/lib/env");

let socket = 0;
function authRequest(path: string, body: unknown, cookie = ""): Promise<Response> {
  socket += 1;
  return authPost(
    new Request(`${publicUrl()}/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: publicUrl(), "x-rp-remote-addr": `10.9.${socket % 250}.1`, cookie },
      body: JSON.stringify(body),
    }),
  );
}

async function passwordStep(email: string, password: string): Promise<{ response: Response; body: { twoFactorRedirect?: boolean }; cookie: string }> {
  const response = await authRequest("/sign-in/email", { email, password });
  const body = (await response.clone().json()) as { twoFactorRedirect?: boolean };
  return { response, body, cookie: cookieHeaders(response).get("cookie") ?? "" };
}

async function callAction(action: (s: ActionState, f: FormData) => Promise<ActionState>, fields: Record<string, string>): Promise<ActionState | { redirect: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  try {
    return await action({ status: "idle" }, form);
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT;")) return { redirect: digest.split(";")[2] ?? "" };
    throw error;
  }
}

async function adminPage(load: () => Promise<{ default: (props: unknown) => Promise<React.ReactElement> }>): Promise<Response> {
  const { default: Page } = await load();
  return pageResponse(Page({ searchParams: Promise.resolve({}), params: Promise.resolve({}) }));
}

const pages = {
  dashboard: () => import("@/app/admin/page") as never,
  staff: () => import("@/app/admin/staff/page") as never,
  audit: () => import("@/app/admin/audit/page") as never,
};

describe("two-factor sign-in for staff", async () => {
  const db = await useTestDatabase();
  const password = "admin-password-1";
  await inviteStaff(db.prisma, cliPrincipal(), { email: "ada@example.com", role: "admin", password });
  await inviteStaff(db.prisma, cliPrincipal(), { email: "bo@example.com", role: "admin", password });
  const auth = await getAuth();
  let adaURI = "";
  let adaBackupCodes: string[] = [];

  it("who must enrol: admins by default; everyone with required; nobody with optional", () => {
    const member = (role: "admin" | "viewer", twoFactorEnabled = false) => ({ id: "x", name: "x", email: "x@example.com", role, twoFactorEnabled });
    expect(mustEnrolSecondFactor(member("admin"))).toBe(true);
    expect(mustEnrolSecondFactor(member("viewer"))).toBe(false);
    expect(mustEnrolSecondFactor(member("admin", true))).toBe(false);
    expect(mustEnrolSecondFactor(member("viewer"), "required")).toBe(true);
    expect(mustEnrolSecondFactor(member("admin"), "optional")).toBe(false);
  });

  it("an admin without a second factor reaches no admin page and no admin action, only enrolment", async () => {
    requestHeaders = cookieHeaders(await auth.api.signInEmail({ body: { email: "ada@example.com", password }, asResponse: true }));
    for (const load of Object.values(pages)) {
      const response = await adminPage(load);
      expect(response.status).toBe(307);
      expect(response.headers.get("location")).toBe("/admin/two-factor");
    }
    const { inviteStaffAction } = await import("@/app/admin/staff/actions");
    expect(await callAction(inviteStaffAction, { email: "sneaky@example.com", role: "admin" })).toMatchObject({ status: "error", code: "FORBIDDEN" });
    expect(await db.prisma.staffUser.count({ where: { email: "sneaky@example.com" } })).toBe(0);
    const enrolment = await pageResponse((await import("@/app/admin/two-factor/page")).default());
    expect(enrolment.status).toBe(200);
    expect(await enrolment.text()).toContain("Set up two-factor sign-in");
  });

  it("enrols through the console: the password again, then a real code from the secret (a wrong code is refused)", async () => {
    const { startTwoFactorAction, confirmTwoFactorAction } = await import("@/app/admin/two-factor/actions");
    expect(await callAction(startTwoFactorAction, { password: "not-my-password" })).toMatchObject({ status: "error", code: "VALIDATION" });
    const started = await callAction(startTwoFactorAction, { password });
    expect(started).toMatchObject({ status: "ok" });
    const data = (started as { data: { totpURI: string; secret: string; backupCodes: string[] } }).data;
    expect(data.totpURI).toMatch(/^otpauth:\/\/totp\/Recovery%20Portal:ada%40example\.com\?/);
    expect(data.backupCodes).toHaveLength(10);
    const stored = await db.driver.query<{ secret: string }>(`SELECT secret FROM staff_two_factor`);
    expect(stored[0]?.secret).not.toContain(data.secret); // encrypted at rest

    const wrong = String((Number(totpCode(data.secret)) + 1) % 1_000_000).padStart(6, "0");
    expect(await callAction(confirmTwoFactorAction, { code: wrong })).toMatchObject({ status: "error", code: "VALIDATION" });
    expect(await callAction(confirmTwoFactorAction, { code: totpCode(data.secret) })).toEqual({ redirect: "/admin" });
    expect((await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "ada@example.com" } })).twoFactorEnabled).toBe(true);
    expect(await db.prisma.auditLog.count({ where: { action: "staff.enrol_two_factor", actorLabel: "ada@example.com" } })).toBe(1);
    adaURI = data.totpURI;
    adaBackupCodes = data.backupCodes;
  });

  it("signs in with password + TOTP code, or a backup code once; the password alone gives no session", async () => {
    const first = await passwordStep("ada@example.com", password);
    expect(first.response.status).toBe(200);
    expect(first.body.twoFactorRedirect).toBe(true);
    expect(first.cookie).not.toContain("session_token");
    const verified = await authRequest("/two-factor/verify-totp", { code: totpCode(adaURI) }, first.cookie);
    expect(verified.status).toBe(200);
    requestHeaders = cookieHeaders(verified);
    expect((await adminPage(pages.staff)).status).toBe(200);

    const second = await passwordStep("ada@example.com", password);
    const code = adaBackupCodes[0]!;
    expect((await authRequest("/two-factor/verify-backup-code", { code }, second.cookie)).status).toBe(200);
    const third = await passwordStep("ada@example.com", password);
    expect((await authRequest("/two-factor/verify-backup-code", { code }, third.cookie)).status).toBe(401);
  });

  it("wrong TOTP codes count against the per-account failed sign-in throttle", async () => {
    const before = await db.prisma.auditLog.count({ where: { action: "staff.sign_in_failed", actorLabel: "ada@example.com" } });
    const step = await passwordStep("ada@example.com", password);
    const wrong = String((Number(totpCode(adaURI)) + 500_000) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < 3; i++) expect((await authRequest("/two-factor/verify-totp", { code: wrong }, step.cookie)).status).toBe(401);
    const failures = await db.prisma.auditLog.findMany({ where: { action: "staff.sign_in_failed", actorLabel: "ada@example.com" }, orderBy: { id: "asc" } });
    expect(failures.length - before).toBe(3);
    expect(failures.at(-1)?.after).toMatchObject({ factor: "totp" });
    // 1 (the used backup code) + 3 codes so far; 6 wrong passwords make 10: then even the right one is refused.
    for (let i = 0; i < 6; i++) expect((await passwordStep("ada@example.com", `wrong-${i}-password`)).response.status).toBe(401);
    expect((await passwordStep("ada@example.com", password)).response.status).toBe(429);
  });

  it("another admin resets a lost factor (audited, sessions ended); nobody resets their own", async () => {
    // Bo enrols with the helper (a real code), then resets Ada's factor.
    const bo = await enrolSecondFactor(cookieHeaders(await auth.api.signInEmail({ body: { email: "bo@example.com", password }, asResponse: true })), password);
    requestHeaders = bo.headers;
    const { resetTwoFactorAction } = await import("@/app/admin/staff/actions");
    const ada = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "ada@example.com" } });
    const boUser = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "bo@example.com" } });
    expect(await callAction(resetTwoFactorAction, { userId: boUser.id })).toMatchObject({ status: "error", code: "FORBIDDEN" });
    expect(await callAction(resetTwoFactorAction, { userId: ada.id })).toMatchObject({ status: "ok" });
    expect((await db.prisma.staffUser.findUniqueOrThrow({ where: { id: ada.id } })).twoFactorEnabled).toBe(false);
    expect(await db.prisma.staffTwoFactor.count({ where: { userId: ada.id } })).toBe(0);
    expect(await db.prisma.staffSession.count({ where: { userId: ada.id } })).toBe(0);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "staff.reset_two_factor" } });
    expect(audit).toMatchObject({ actorLabel: "bo@example.com", targetId: ada.id });
  });
});
