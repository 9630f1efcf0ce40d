import { AppError } from "../errors";
import type { StaffRole } from "../generated/prisma/enums";
import type { Permission } from "./permissions";

/**
 * TEMPORARY STUB (mail branch) — the staff engineer's lib/auth/require-staff.ts replaces
 * this file at merge; keep theirs. Same signature: resolves the signed-in staff member
 * who holds `permission`, or throws. This stub always refuses.
 */
export async function requireStaff(permission: Permission): Promise<{ id: string; name: string; email: string; role: StaffRole }> {
  throw new AppError("UNAUTHENTICATED", `Sign in as staff with the permission ${permission}.`);
}
