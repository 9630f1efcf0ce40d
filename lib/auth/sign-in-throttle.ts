import { recordAudit } from "../audit/record-audit";
import type { Database } from "../db";
import { addressKey, chargeRateLimit, ratePolicies, rateLimitWait, type RateCheck } from "../rate-limit";

/**
 * Failed staff sign-ins, counted per account address, whatever client address they come
 * from (a botnet rotating addresses gets 10 guesses per account per 15 minutes, not 10
 * per address). A wrong password and a wrong second-factor code both count. The key is
 * the typed address, so an unknown address is limited exactly like a known one: the
 * answers (401, then 429 with the same message) tell an attacker nothing. The counter
 * lives in the rate_limit table (shared by every instance) under a hash of the address;
 * each failure and the moment the limit is reached are audited.
 */
const policy = ratePolicies.signInFailuresPerAccount;

function check(email: string): RateCheck {
  return { policy, key: addressKey(email) };
}

export const signInThrottledMessage = "Too many failed sign-ins for this account. Wait a while and try again.";

/** Seconds this account must still wait before another attempt, or 0. */
export async function signInWaitSeconds(db: Database, email: string): Promise<number> {
  return rateLimitWait(db.driver, check(email));
}

export interface FailedSignIn {
  email: string;
  /** The staff member, when the address is one (never changes the answer). */
  userId: string | null;
  factor: "password" | "totp" | "backup_code";
  ip: string | null;
}

/** Counts one failure against the account and audits it (and the throttle, when this one reaches it). */
export async function recordFailedSignIn(db: Database, failure: FailedSignIn): Promise<void> {
  const email = failure.email.trim().toLowerCase().slice(0, 254);
  const failures = await chargeRateLimit(db.driver, check(email));
  const actor = { type: "staff" as const, id: failure.userId, label: email, ip: failure.ip };
  await db.prisma.$transaction(async (tx) => {
    await recordAudit(tx, actor, {
      action: "staff.sign_in_failed",
      targetType: "staff_user",
      targetId: failure.userId,
      after: { email, factor: failure.factor, failuresInWindow: failures },
    });
    if (failures === policy.points) {
      await recordAudit(tx, actor, {
        action: "staff.sign_in_throttled",
        targetType: "staff_user",
        targetId: failure.userId,
        after: { email, failures, windowSeconds: policy.durationSeconds },
      });
    }
  });
}
