import { describe, expect, it, vi } from "vitest";
import type { ActionState } from "@/lib/http/action-state";
import { useTestDatabase } from "../helpers/db";
import { pageResponse } from "../helpers/pages";
import { cookieHeaders, signedInAs } from "../helpers/staff";

/**
 * Issue 11.5: staff see and end their own sessions, admins anyone's; idle timeout and
 * absolute lifetime are settings; HSTS follows PUBLIC_URL, never a request header.
 */
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [], has: () => false }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { getAuth } = await import("@/lib/auth/auth");
const { resolveStaff } = await import("@/lib/auth/require-staff");
const { endSessionAction } = await import("@/app/admin/sessions/actions");
const { hstsHeader } = await import("@/lib/http/hsts");

async function end(sessionId: string): Promise<ActionState> {
  const form = new FormData();
  form.set("sessionId", sessionId);
  return endSessionAction({ status: "idle" }, form);
}

async function sessionIdOf(headers: Headers): Promise<string> {
  const staff = await resolveStaff(headers);
  if (!staff?.sessionId) throw new Error("not signed in");
  return staff.sessionId;
}

describe("staff sessions", async () => {
  const db = await useTestDatabase();

  it("a member sees and ends their own sessions but not anyone else's; an admin ends anyone's; audited", async () => {
    const laptop = await signedInAs(db, "viewer");
    const viewer = (await resolveStaff(laptop))!;
    const email = viewer.email;
    const phone = cookieHeaders(await (await getAuth()).api.signInEmail({ body: { email, password: "viewer-password-for-tests" }, asResponse: true }));
    const admin = await signedInAs(db, "admin");
    const adminSession = await sessionIdOf(admin);

    requestHeaders = laptop;
    const page = await (await pageResponse((await import("@/app/admin/sessions/page")).default())).text();
    expect(page).toContain("Your sessions");
    expect(page).not.toContain("Other staff");
    expect(page.match(/data-session="/g)).toHaveLength(2);
    expect(page).not.toContain(adminSession);

    // The viewer cannot end the admin's session: "not found", and it still works.
    expect(await end(adminSession)).toMatchObject({ status: "error", code: "NOT_FOUND" });
    expect(await resolveStaff(admin)).not.toBeNull();

    // Ending the phone's session signs the phone out on its next request.
    expect(await end(await sessionIdOf(phone))).toMatchObject({ status: "ok" });
    expect(await resolveStaff(phone)).toBeNull();
    expect(await resolveStaff(laptop)).not.toBeNull();

    // The admin sees everyone's sessions and ends the laptop's.
    requestHeaders = admin;
    const adminPage = await (await pageResponse((await import("@/app/admin/sessions/page")).default())).text();
    expect(adminPage).toContain("Other staff");
    expect(adminPage).toContain(email);
    expect(await end(await sessionIdOf(laptop))).toMatchObject({ status: "ok" });
    expect(await resolveStaff(laptop)).toBeNull();

    const audit = await db.prisma.auditLog.findMany({ where: { action: "staff.end_session" }, orderBy: { id: "asc" }, select: { actorLabel: true, targetId: true } });
    expect(audit).toEqual([
      { actorLabel: email, targetId: viewer.id },
      { actorLabel: expect.stringMatching(/^admin-/), targetId: viewer.id },
    ]);
  });

  it("idle timeout (STAFF_SESSION_IDLE_MINUTES, default 120) and absolute lifetime (STAFF_SESSION_MAX_HOURS, default 12)", async () => {
    const headers = await signedInAs(db, "editor");
    const id = await sessionIdOf(headers);
    const row = await db.prisma.staffSession.findUniqueOrThrow({ where: { id } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(119 * 60_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(120 * 60_000 + 1000);

    // Used a minute ago but signed in 12 hours and a minute ago: ended, row deleted.
    await db.prisma.staffSession.update({ where: { id }, data: { createdAt: new Date(Date.now() - (12 * 60 + 1) * 60_000) } });
    expect(await resolveStaff(headers)).toBeNull();
    expect(await db.prisma.staffSession.count({ where: { id } })).toBe(0);

    // Idle past its expiry: ended.
    const idle = await signedInAs(db, "editor");
    await db.prisma.staffSession.update({ where: { id: await sessionIdOf(idle) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await resolveStaff(idle)).toBeNull();
  });

  it("HSTS only when PUBLIC_URL is https, and next.config.ts never sends it because of a request header", async () => {
    expect(hstsHeader("https://status.example.com")).toMatch(/^max-age=\d+/);
    expect(hstsHeader("http://localhost:3000")).toBeNull();
    const config = (await import("../../next.config")).default;
    const rules = (await config.headers?.()) ?? [];
    expect(JSON.stringify(rules)).not.toContain("Strict-Transport-Security");
  });
});
