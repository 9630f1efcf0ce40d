import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { database } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { clientIp } from "../http/client-ip";
import { staffRoleSchema } from "../staff/staff-schemas";
import { getAuth } from "./auth";
import type { Permission } from "./permissions";
import { authorize, principalFor, type Principal, type StaffMember } from "./principal";

/**
 * The check that every staff server action, route handler and page makes itself (the
 * proxy may redirect for comfort; it is never the check):
 *
 *   const staff = await requireStaff("incidents:write");      // actions, route handlers
 *   const staff = await requireStaffPage("console:read");     // pages: redirects instead
 */

export interface SignedInStaff extends StaffMember {
  /** A confirmed second factor (TOTP) guards this member's sign-in. */
  twoFactorEnabled: boolean;
  /** The session this request came with (the sessions page marks it). */
  sessionId?: string;
}

/** Whether a session signed in at `createdAt` is past STAFF_SESSION_MAX_HOURS. */
export function sessionOutlived(createdAt: Date, now = new Date(), maxHours = env().STAFF_SESSION_MAX_HOURS): boolean {
  return now.getTime() - new Date(createdAt).getTime() > maxHours * 3_600_000;
}

/** The signed-in staff member for these request headers, or null. */
export async function resolveStaff(requestHeaders: Headers): Promise<SignedInStaff | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const user = session.user as typeof session.user & { role?: unknown; banned?: unknown; twoFactorEnabled?: unknown };
  const role = staffRoleSchema.safeParse(user.role);
  if (!role.success || user.banned === true) return null;
  if (sessionOutlived(session.session.createdAt)) {
    // Past the absolute lifetime (STAFF_SESSION_MAX_HOURS), however recently used: gone.
    await (await database()).prisma.staffSession.deleteMany({ where: { id: session.session.id } });
    return null;
  }
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: role.data,
    twoFactorEnabled: user.twoFactorEnabled === true,
    sessionId: session.session.id,
  };
}

export const secondFactorEnrolmentPath = "/admin/two-factor";

/** Whether this member must set up a second factor before anything else (STAFF_2FA). */
export function mustEnrolSecondFactor(staff: SignedInStaff, policy = env().STAFF_2FA): boolean {
  if (staff.twoFactorEnabled || policy === "optional") return false;
  return policy === "required" || staff.role === "admin";
}

/** One session read per request, shared by the layout, the page and its checks. */
const requestStaff = cache(async (): Promise<SignedInStaff | null> => resolveStaff(await headers()));

/**
 * Throws UNAUTHENTICATED (no session), FORBIDDEN with details.enrol (a second factor is
 * required and not set up: STAFF_2FA) or FORBIDDEN (role lacks the permission).
 */
export async function requireStaff(permission: Permission): Promise<StaffMember> {
  const staff = await requestStaff();
  if (!staff) throw new AppError("UNAUTHENTICATED", "Please sign in to the staff console.");
  if (mustEnrolSecondFactor(staff)) {
    throw new AppError("FORBIDDEN", `Set up two-factor sign-in first (${secondFactorEnrolmentPath}).`, { enrol: secondFactorEnrolmentPath });
  }
  authorize(staff.role, permission);
  return staff;
}

/**
 * Only a session, no permission and no second-factor rule: for the enrolment page and
 * its actions, the one place a member who must enrol can reach.
 */
export async function requireSignedInStaff(): Promise<SignedInStaff> {
  const staff = await requestStaff();
  if (!staff) throw new AppError("UNAUTHENTICATED", "Please sign in to the staff console.");
  return staff;
}

/**
 * For pages: no session -> /admin/sign-in; a second factor required and missing ->
 * /admin/two-factor; role lacks the permission -> /admin?denied=...
 */
export async function requireStaffPage(permission: Permission): Promise<StaffMember> {
  const staff = await requestStaff();
  if (!staff) redirect("/admin/sign-in");
  if (mustEnrolSecondFactor(staff)) redirect(secondFactorEnrolmentPath);
  try {
    authorize(staff.role, permission);
  } catch {
    redirect(`/admin?denied=${encodeURIComponent(permission)}`);
  }
  return staff;
}

/** The signed-in staff member or null, without a check (the layout's nav). */
export async function currentStaff(): Promise<SignedInStaff | null> {
  return requestStaff();
}

/** requireStaff + the principal the use cases take (role, audit actor with IP). */
export async function requireStaffPrincipal(permission: Permission): Promise<{ staff: StaffMember; principal: Principal }> {
  const staff = await requireStaff(permission);
  return { staff, principal: principalFor(staff, clientIp(await headers())) };
}

/** The audit actor for the signed-in staff member, with the IP from the request. */
export async function staffAuditActor(staff: StaffMember) {
  return principalFor(staff, clientIp(await headers())).actor;
}
