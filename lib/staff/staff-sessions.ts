import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import type { Prisma } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { roleHas } from "../auth/permissions";

/**
 * Staff sessions (better-auth's rows in staff_session): everyone sees and ends their own;
 * an admin (staff:manage) sees and ends anyone's, e.g. a laptop left signed in. Ending a
 * session deletes its row, so its cookie fails on the next request (sessions are read on
 * every request, no cookie cache). The token never leaves this module.
 */
export interface StaffSessionRow {
  id: string;
  userId: string;
  email: string;
  createdAt: Date;
  /** When better-auth last slid its expiry forward (within a tenth of the idle window). */
  lastActiveAt: Date;
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
}

export async function listStaffSessions(db: Prisma, principal: Principal, scope: "mine" | "everyone", now = new Date()): Promise<StaffSessionRow[]> {
  authorize(principal.role, scope === "everyone" ? "staff:manage" : "console:read");
  const signedInAfter = new Date(now.getTime() - env().STAFF_SESSION_MAX_HOURS * 3_600_000);
  const rows = await db.staffSession.findMany({
    where: { expiresAt: { gt: now }, createdAt: { gt: signedInAfter }, ...(scope === "mine" ? { userId: principal.staffId ?? "" } : {}) },
    orderBy: [{ updatedAt: "desc" }],
    take: 500,
    select: { id: true, userId: true, createdAt: true, updatedAt: true, expiresAt: true, ipAddress: true, userAgent: true, user: { select: { email: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    userId: r.userId,
    email: r.user.email,
    createdAt: r.createdAt,
    lastActiveAt: r.updatedAt,
    expiresAt: r.expiresAt,
    ipAddress: r.ipAddress,
    userAgent: r.userAgent,
  }));
}

export async function endStaffSession(db: Prisma, principal: Principal, sessionId: string): Promise<{ email: string }> {
  authorize(principal.role, "console:read");
  return db.$transaction(async (tx) => {
    const session = await tx.staffSession.findUnique({ where: { id: sessionId }, select: { id: true, userId: true, user: { select: { email: true } } } });
    // Someone else's session is "not found" for a member who may not manage staff.
    if (!session || (session.userId !== principal.staffId && !roleHas(principal.role, "staff:manage"))) {
      throw new AppError("NOT_FOUND", "No such session (it may have ended already).");
    }
    await tx.staffSession.delete({ where: { id: session.id } });
    await recordAudit(tx, principal.actor, {
      action: "staff.end_session",
      targetType: "staff_user",
      targetId: session.userId,
      after: { sessionId: session.id, email: session.user.email, own: session.userId === principal.staffId },
    });
    return { email: session.user.email };
  });
}
