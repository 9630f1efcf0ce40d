// TEMPORARY STUB (imports branch): the real requireStaff (better-auth session, role check,
// redirect to /admin/sign-in) is written on the staff branch and replaces this file at
// merge. Same signature, so callers do not change. It returns the first admin in the
// database and checks that admin's role against the permission table.
import { prisma } from "../db";
import { AppError } from "../errors";
import type { StaffRole } from "../generated/prisma/enums";
import { roleHas, type Permission } from "./permissions";

export async function requireStaff(permission: Permission): Promise<{ id: string; name: string; email: string; role: StaffRole }> {
  const db = await prisma();
  const staff = await db.staffUser.findFirst({
    where: { role: "admin", banned: false },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, email: true, role: true },
  });
  if (!staff) throw new AppError("UNAUTHENTICATED", "Sign in first.");
  if (!roleHas(staff.role, permission)) throw new AppError("FORBIDDEN", `Your role (${staff.role}) may not do this (${permission}).`);
  return staff;
}
