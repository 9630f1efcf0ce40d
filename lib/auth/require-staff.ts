import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { z } from "zod";
import { AppError } from "../errors";
import { clientIp } from "../http/client-ip";
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
const staffRoleSchema = z.enum(["admin", "editor", "support", "viewer"]);

/** The signed-in staff member for these request headers, or null. */
export async function resolveStaff(requestHeaders: Headers): Promise<StaffMember | null> {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const user = session.user as typeof session.user & { role?: unknown; banned?: unknown };
  const role = staffRoleSchema.safeParse(user.role);
  if (!role.success || user.banned === true) return null;
  return { id: user.id, name: user.name, email: user.email, role: role.data };
}

/** One session read per request, shared by the layout, the page and its checks. */
const requestStaff = cache(async (): Promise<StaffMember | null> => resolveStaff(await headers()));

/** Throws UNAUTHENTICATED (no session) or FORBIDDEN (role lacks the permission). */
export async function requireStaff(permission: Permission): Promise<StaffMember> {
  const staff = await requestStaff();
  if (!staff) throw new AppError("UNAUTHENTICATED", "Please sign in to the staff console.");
  authorize(staff.role, permission);
  return staff;
}

/** For pages: no session -> /admin/sign-in; role lacks the permission -> /admin?denied=... */
export async function requireStaffPage(permission: Permission): Promise<StaffMember> {
  const staff = await requestStaff();
  if (!staff) redirect("/admin/sign-in");
  try {
    authorize(staff.role, permission);
  } catch {
    redirect(`/admin?denied=${encodeURIComponent(permission)}`);
  }
  return staff;
}

/** The signed-in staff member or null, without a check (the layout's nav). */
export async function currentStaff(): Promise<StaffMember | null> {
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
