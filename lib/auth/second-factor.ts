import { isAPIError } from "better-auth/api";
import { recordAudit } from "../audit/record-audit";
import type { Prisma } from "../db";
import { AppError } from "../errors";
import { getAuth } from "./auth";
import { authorize, staffActor, type Principal } from "./principal";

/**
 * Staff second factor: TOTP (an authenticator app) with ten single-use backup codes,
 * through better-auth's two-factor plugin (secret and codes encrypted with AUTH_SECRET
 * in staff_two_factor). Enrolment has two steps, so a typo in the app cannot lock anyone
 * out: start (password again -> secret and backup codes, shown once) and confirm (the
 * first code from the app turns it on). Who must enrol is STAFF_2FA (require-staff.ts).
 */
export interface Enrolment {
  /** otpauth:// URI for the app (a QR code encodes exactly this). */
  totpURI: string;
  /** The base32 secret, for typing into the app by hand. */
  secret: string;
  backupCodes: string[];
}

export async function startSecondFactorEnrolment(requestHeaders: Headers, password: string): Promise<Enrolment> {
  const auth = await getAuth();
  try {
    const result = await auth.api.enableTwoFactor({ body: { password }, headers: requestHeaders });
    const totpURI = "totpURI" in result ? (result.totpURI ?? "") : "";
    const backupCodes = "backupCodes" in result ? (result.backupCodes ?? []) : [];
    return { totpURI, secret: new URL(totpURI).searchParams.get("secret") ?? "", backupCodes };
  } catch (error) {
    if (isAPIError(error) && error.statusCode === 400) {
      const code = (error.body as { code?: string } | undefined)?.code;
      if (code === "TOTP_ALREADY_ENABLED") throw new AppError("CONFLICT", "Two-factor sign-in is already on.");
      throw new AppError("VALIDATION", "Wrong password.", { fields: { password: "Wrong password." } });
    }
    throw error;
  }
}

/** The first code from the app: turns the second factor on (better-auth issues a new session cookie). */
export async function confirmSecondFactorEnrolment(
  db: Prisma,
  requestHeaders: Headers,
  who: { id: string; email: string; ip: string | null },
  code: string,
): Promise<void> {
  const auth = await getAuth();
  try {
    await auth.api.verifyTOTP({ body: { code }, headers: requestHeaders });
  } catch (error) {
    if (isAPIError(error) && (error.statusCode === 401 || error.statusCode === 400)) {
      throw new AppError("VALIDATION", "That code is not right. Check the app's clock and try the current code.", { fields: { code: "Wrong code." } });
    }
    throw error;
  }
  await recordAudit(db, staffActor(who, who.ip), { action: "staff.enrol_two_factor", targetType: "staff_user", targetId: who.id });
}

/**
 * Another admin resets a lost second factor: the factor and the backup codes are deleted
 * and every session of the member ends, so their next sign-in is by password and leads
 * straight to enrolment. Not for oneself (a stolen session must not be able to drop the
 * factor that guards it).
 */
export async function resetSecondFactor(db: Prisma, principal: Principal, userId: string): Promise<{ sessionsEnded: number }> {
  authorize(principal.role, "staff:manage");
  if (principal.staffId === userId) throw new AppError("FORBIDDEN", "Another admin has to reset your second factor.");
  return db.$transaction(async (tx) => {
    const user = await tx.staffUser.findUnique({ where: { id: userId }, select: { id: true, email: true, twoFactorEnabled: true } });
    if (!user) throw new AppError("NOT_FOUND", "No such staff member.");
    const removed = await tx.staffTwoFactor.deleteMany({ where: { userId } });
    await tx.staffUser.update({ where: { id: userId }, data: { twoFactorEnabled: false } });
    const sessions = await tx.staffSession.deleteMany({ where: { userId } });
    await recordAudit(tx, principal.actor, {
      action: "staff.reset_two_factor",
      targetType: "staff_user",
      targetId: userId,
      before: { email: user.email, twoFactorEnabled: user.twoFactorEnabled, factors: removed.count },
      after: { twoFactorEnabled: false, sessionsEnded: sessions.count },
    });
    return { sessionsEnded: sessions.count };
  });
}
