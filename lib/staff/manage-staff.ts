import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import type { Prisma } from "../db";
import { AppError } from "../errors";
import type { StaffRole } from "../generated/prisma/enums";
import { issueInvite } from "./invite-staff";
import { changeRoleSchema, setDisabledSchema } from "./staff-schemas";

async function loadTarget(tx: Parameters<Parameters<Prisma["$transaction"]>[0]>[0], userId: string) {
  const user = await tx.staffUser.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, role: true, banned: true } });
  if (!user) throw new AppError("NOT_FOUND", "This staff member does not exist.");
  return user;
}

/** There must always be one admin who can sign in. */
async function assertAnotherAdmin(tx: Parameters<Parameters<Prisma["$transaction"]>[0]>[0], userId: string) {
  const others = await tx.staffUser.count({ where: { role: "admin", banned: false, id: { not: userId } } });
  if (others === 0) throw new AppError("CONFLICT", "This is the last active admin: make someone else admin first.");
}

export async function changeStaffRole(db: Prisma, principal: Principal, input: { userId: string; role: StaffRole }): Promise<void> {
  authorize(principal.role, "staff:manage");
  const data = changeRoleSchema.parse(input);
  await db.$transaction(async (tx) => {
    const user = await loadTarget(tx, data.userId);
    if (user.role === data.role) return;
    if (user.role === "admin") await assertAnotherAdmin(tx, user.id);
    await tx.staffUser.update({ where: { id: user.id }, data: { role: data.role } });
    await recordAudit(tx, principal.actor, {
      action: "staff.change_role",
      targetType: "staff_user",
      targetId: user.id,
      before: { role: user.role },
      after: { role: data.role },
    });
  });
}

/**
 * Disables (bans) a staff member and deletes their sessions in the same transaction:
 * they are signed out everywhere at once and cannot sign in again. Enabling lets them
 * sign in again with their password.
 */
export async function setStaffDisabled(db: Prisma, principal: Principal, input: { userId: string; disabled: boolean }): Promise<{ sessionsEnded: number }> {
  authorize(principal.role, "staff:manage");
  const data = setDisabledSchema.parse(input);
  if (data.disabled && principal.staffId === data.userId) throw new AppError("CONFLICT", "You cannot disable yourself.");
  return db.$transaction(async (tx) => {
    const user = await loadTarget(tx, data.userId);
    if (data.disabled && user.role === "admin") await assertAnotherAdmin(tx, user.id);
    await tx.staffUser.update({
      where: { id: user.id },
      data: { banned: data.disabled, banReason: data.disabled ? `Disabled by ${principal.actor.label}` : null },
    });
    const ended = data.disabled ? (await tx.staffSession.deleteMany({ where: { userId: user.id } })).count : 0;
    await recordAudit(tx, principal.actor, {
      action: data.disabled ? "staff.disable" : "staff.enable",
      targetType: "staff_user",
      targetId: user.id,
      before: { banned: user.banned },
      after: { banned: data.disabled, sessionsEnded: ended },
    });
    return { sessionsEnded: ended };
  });
}

/** A new one-time link for someone who lost theirs (older links stop working). */
export async function reissueInvite(db: Prisma, principal: Principal, userId: string): Promise<{ inviteUrl: string }> {
  authorize(principal.role, "staff:manage");
  return db.$transaction(async (tx) => {
    const user = await loadTarget(tx, userId);
    if (user.banned) throw new AppError("CONFLICT", "Enable this staff member before inviting them again.");
    await tx.verification.deleteMany({ where: { value: user.id, identifier: { startsWith: "staff-invite:" } } });
    const link = await issueInvite(tx, { userId: user.id, email: user.email, name: user.name, role: user.role, invitedBy: principal.actor.label });
    await recordAudit(tx, principal.actor, { action: "staff.reinvite", targetType: "staff_user", targetId: user.id });
    return { inviteUrl: link };
  });
}

export async function listStaff(db: Prisma) {
  const users = await db.staffUser.findMany({
    orderBy: [{ banned: "asc" }, { email: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      banned: true,
      twoFactorEnabled: true,
      createdAt: true,
      _count: { select: { sessions: true, credentials: true } },
    },
  });
  return users.map((u) => ({ ...u, activeSessions: u._count.sessions, hasPassword: u._count.credentials > 0 }));
}
