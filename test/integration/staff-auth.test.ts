import { beforeEach, describe, expect, it, vi } from "vitest";
import { getAuth } from "@/lib/auth/auth";
import { permissions, roleHas, type Permission } from "@/lib/auth/permissions";
import { authorize, cliPrincipal } from "@/lib/auth/principal";
import { requireStaff, resolveStaff } from "@/lib/auth/require-staff";
import { acceptInvite, findInvite } from "@/lib/staff/accept-invite";
import { inviteStaff } from "@/lib/staff/invite-staff";
import { changeStaffRole, setStaffDisabled } from "@/lib/staff/manage-staff";
import { useTestDatabase } from "../helpers/db";

// requireStaff reads the request's headers through next/headers: give it ours.
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [] }),
}));

async function signIn(email: string, password: string): Promise<Headers> {
  const auth = await getAuth();
  const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  if (response.status !== 200) throw new Error(`sign-in ${response.status}: ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return new Headers({ cookie });
}

describe("staff sign-in and roles", async () => {
  const db = await useTestDatabase();
  const cli = cliPrincipal();
  const admin = await inviteStaff(db.prisma, cli, { email: "boss@example.com", role: "admin", password: "correct-horse-battery" });
  const viewer = await inviteStaff(db.prisma, cli, { email: "Viewer@Example.com", name: "Vi", role: "viewer", password: "viewer-password-1" });

  beforeEach(() => {
    requestHeaders = new Headers();
  });

  it("every permission names only known roles and admin holds all of them", () => {
    for (const [permission, roles] of Object.entries(permissions)) {
      expect(roles.length).toBeGreaterThan(0);
      expect(roleHas("admin", permission as Permission)).toBe(true);
    }
    expect(roleHas("viewer", "incidents:write")).toBe(false);
    expect(roleHas("support", "incidents:write")).toBe(false);
    expect(roleHas("support", "accounts:write")).toBe(true);
    expect(() => authorize("viewer", "letters:write")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => authorize("editor", "staff:manage")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });

  it("signs in with email and password, keeps the session in the database, and requireStaff checks the role", async () => {
    requestHeaders = await signIn("viewer@example.com", "viewer-password-1");
    expect(await db.prisma.staffSession.count({ where: { userId: viewer.id } })).toBe(1);
    await expect(requireStaff("console:read")).resolves.toMatchObject({ id: viewer.id, email: "viewer@example.com", role: "viewer" });
    await expect(requireStaff("incidents:write")).rejects.toMatchObject({ code: "FORBIDDEN", status: 403 });
  });

  it("refuses a missing session, a wrong password and sign-up", async () => {
    await expect(requireStaff("console:read")).rejects.toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    await expect(signIn("boss@example.com", "wrong-password-123")).rejects.toThrow(/401/);
    const auth = await getAuth();
    const signUp = await auth.handler(
      new Request("http://localhost:3000/api/auth/sign-up/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000" },
        body: JSON.stringify({ email: "new@example.com", password: "whatever-123456", name: "New" }),
      }),
    );
    expect(signUp.status).toBeGreaterThanOrEqual(400);
    expect(await db.prisma.staffUser.count({ where: { email: "new@example.com" } })).toBe(0);
  });

  it("a role change applies on the next request", async () => {
    const headers = await signIn("viewer@example.com", "viewer-password-1");
    await changeStaffRole(db.prisma, cli, { userId: viewer.id, role: "editor" });
    expect(await resolveStaff(headers)).toMatchObject({ role: "editor" });
    await changeStaffRole(db.prisma, cli, { userId: viewer.id, role: "viewer" });
    expect(await resolveStaff(headers)).toMatchObject({ role: "viewer" });
  });

  it("disabling deletes every session at once and blocks sign-in; enabling restores it", async () => {
    const headers = await signIn("viewer@example.com", "viewer-password-1");
    const result = await setStaffDisabled(db.prisma, cli, { userId: viewer.id, disabled: true });
    expect(result.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect(await resolveStaff(headers)).toBeNull();
    await expect(signIn("viewer@example.com", "viewer-password-1")).rejects.toThrow(/403|disabled/);
    await setStaffDisabled(db.prisma, cli, { userId: viewer.id, disabled: false });
    await expect(signIn("viewer@example.com", "viewer-password-1")).resolves.toBeInstanceOf(Headers);
    const audit = await db.prisma.auditLog.findMany({ where: { targetId: viewer.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["staff.create", "staff.disable", "staff.enable"]));
  });

  it("only admins manage staff, and the last admin cannot be demoted or disabled", async () => {
    const editorPrincipal = { role: "editor" as const, staffId: viewer.id, actor: { type: "staff" as const, id: viewer.id, label: "x" } };
    await expect(inviteStaff(db.prisma, editorPrincipal, { email: "x@example.com", role: "admin" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeStaffRole(db.prisma, editorPrincipal, { userId: viewer.id, role: "admin" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(setStaffDisabled(db.prisma, editorPrincipal, { userId: admin.id, disabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeStaffRole(db.prisma, cli, { userId: admin.id, role: "viewer" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("an invite queues a staff_invite email, its link sets a password once, then the invitee can sign in", async () => {
    const invited = await inviteStaff(db.prisma, cli, { email: "new.editor@example.com", role: "editor" });
    expect(invited.inviteUrl).toMatch(/\/admin\/invite\/[A-Za-z0-9_-]{40,}$/);
    const token = invited.inviteUrl!.split("/").pop()!;
    const outbox = await db.prisma.emailOutbox.findMany({ where: { kind: "staff_invite", toAddress: "new.editor@example.com" } });
    expect(outbox).toHaveLength(1);
    const stored = await db.prisma.verification.findMany({ where: { value: invited.id } });
    expect(stored[0]?.identifier).not.toContain(token);
    await expect(signIn("new.editor@example.com", "a-new-password-1")).rejects.toThrow();
    expect(await findInvite(db.prisma, token)).toMatchObject({ email: "new.editor@example.com" });
    await acceptInvite(db.prisma, { token, password: "a-new-password-1", confirm: "a-new-password-1" });
    await expect(acceptInvite(db.prisma, { token, password: "another-pass-22", confirm: "another-pass-22" })).rejects.toMatchObject({ code: "GONE" });
    requestHeaders = await signIn("new.editor@example.com", "a-new-password-1");
    await expect(requireStaff("incidents:write")).resolves.toMatchObject({ role: "editor" });
  });

  it("an expired invite link shows a clear page and sets no password", async () => {
    const invited = await inviteStaff(db.prisma, cli, { email: "late.editor@example.com", role: "editor" });
    const token = invited.inviteUrl!.split("/").pop()!;
    await db.prisma.verification.updateMany({ where: { value: invited.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const { default: AcceptInvitePage } = await import("@/app/admin/invite/[token]/page");
    const { renderToStaticMarkup } = await import("react-dom/server");
    expect(renderToStaticMarkup(await AcceptInvitePage({ params: Promise.resolve({ token }) }))).toContain("Invite link not valid");
    await expect(acceptInvite(db.prisma, { token, password: "a-new-password-1", confirm: "a-new-password-1" })).rejects.toMatchObject({ code: "GONE" });
    expect(await db.prisma.staffCredential.count({ where: { userId: invited.id } })).toBe(0);
  });

  it("never returns password hashes from the ordinary client", async () => {
    const row = await db.prisma.staffCredential.findFirst({ where: { userId: admin.id } });
    expect(row).not.toHaveProperty("password");
  });
});
