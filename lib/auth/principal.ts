import type { Actor } from "../audit/record-audit";
import { AppError } from "../errors";
import type { StaffRole } from "../generated/prisma/enums";
import { roleHas, type Permission } from "./permissions";

/** A signed-in staff member, as requireStaff returns it. */
export interface StaffMember {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
}

/**
 * Who is calling a staff use case: the role that is checked (again) inside the use
 * case, the audit actor, and the staff id to record as author (null for the CLI).
 */
export interface Principal {
  role: StaffRole;
  staffId: string | null;
  actor: Actor;
}

export function principalFor(staff: StaffMember, ip: string | null = null): Principal {
  return { role: staff.role, staffId: staff.id, actor: staffActor(staff, ip) };
}

/** The audit actor for a staff member. */
export function staffActor(staff: Pick<StaffMember, "id" | "email">, ip: string | null = null): Actor {
  return { type: "staff", id: staff.id, label: staff.email, ip };
}

/** The operator at the command line (`npm run cli`): full rights, audited as system. */
export function cliPrincipal(): Principal {
  const user = process.env.USER ?? process.env.LOGNAME ?? "operator";
  return { role: "admin", staffId: null, actor: { type: "system", id: null, label: `cli (${user})` } };
}

/** Throws FORBIDDEN unless the role holds the permission. */
export function authorize(role: StaffRole, permission: Permission): void {
  if (!roleHas(role, permission)) {
    throw new AppError("FORBIDDEN", `Your role (${role}) does not allow this (${permission}).`, { permission, role });
  }
}
