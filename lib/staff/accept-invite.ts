import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { recordAudit } from "../audit/record-audit";
import type { DbClient, Prisma } from "../db";
import { AppError } from "../errors";
import { inviteIdentifier } from "./invite-staff";
import { acceptInviteSchema } from "./staff-schemas";

/** Who an invite link is for, or null when it is unknown, used or expired. */
export async function findInvite(db: DbClient, token: string): Promise<{ userId: string; email: string; name: string } | null> {
  if (token.length < 20 || token.length > 200) return null;
  const row = await db.verification.findFirst({
    where: { identifier: inviteIdentifier(token), expiresAt: { gt: new Date() } },
    select: { value: true },
  });
  if (!row) return null;
  const user = await db.staffUser.findUnique({ where: { id: row.value }, select: { id: true, email: true, name: true, banned: true } });
  if (!user || user.banned) return null;
  return { userId: user.id, email: user.email, name: user.name };
}

/** Sets the invitee's password and spends the link (it works once). */
export async function acceptInvite(db: Prisma, input: { token: string; password: string; confirm: string }): Promise<{ email: string }> {
  const data = acceptInviteSchema.parse(input);
  const hashed = await hashPassword(data.password);
  return db.$transaction(async (tx) => {
    const invite = await findInvite(tx, data.token);
    if (!invite) throw new AppError("GONE", "This invite link is not valid any more: it was used, replaced or has expired. Ask an admin for a new one.");
    // Every invite link of this person stops working: the one the admin was shown, and
    // each one an invite email carried (each send issues its own).
    await tx.verification.deleteMany({ where: { value: invite.userId, identifier: { startsWith: "staff-invite:" } } });
    // A fresh credential replaces any older one (a re-invite resets the password).
    await tx.staffCredential.deleteMany({ where: { userId: invite.userId, providerId: "credential" } });
    await tx.staffCredential.create({
      data: { id: randomUUID(), userId: invite.userId, accountId: invite.userId, providerId: "credential", password: hashed },
      select: { id: true },
    });
    await tx.staffUser.update({ where: { id: invite.userId }, data: { emailVerified: true } });
    await recordAudit(
      tx,
      { type: "staff", id: invite.userId, label: invite.email },
      { action: "staff.accept_invite", targetType: "staff_user", targetId: invite.userId },
    );
    return { email: invite.email };
  });
}
