import type { DbClient } from "../db";
import { AppError } from "../errors";
import { maskEmail } from "../format";
import { hashToken, parseUnsubscribeToken } from "../tokens";

export interface UnsubscribeTargetView {
  type: "subscriber" | "account";
  maskedEmail: string;
  alreadyUnsubscribed: boolean;
}

const invalidLink = () => new AppError("NOT_FOUND", "This unsubscribe link is not valid.", { reason: "unknown" });

async function load(db: DbClient, token: string) {
  const target = parseUnsubscribeToken(token);
  if (!target) return null;
  if (target.type === "subscriber") {
    const s = await db.subscriber.findUnique({
      where: { unsubscribeTokenHash: hashToken(token) },
      select: { id: true, email: true, unsubscribedAt: true, confirmedAt: true },
    });
    return s && s.id === target.id ? { type: "subscriber" as const, id: s.id, email: s.email, done: Boolean(s.unsubscribedAt) } : null;
  }
  const a = await db.account.findUnique({ where: { id: target.id }, select: { id: true, email: true, updatesOptOut: true } });
  return a ? { type: "account" as const, id: a.id, email: a.email, done: a.updatesOptOut } : null;
}

/** For the GET page: who the button will unsubscribe. Read-only. */
export async function describeUnsubscribe(db: DbClient, token: string): Promise<UnsubscribeTargetView> {
  const found = await load(db, token);
  if (!found) throw invalidLink();
  return { type: found.type, maskedEmail: maskEmail(found.email), alreadyUnsubscribed: found.done };
}

/**
 * One-click unsubscribe (RFC 8058 POST, or the confirm button): at once and idempotent.
 * A subscriber loses every subscription; an affected account stops getting incident
 * updates but is still told once when its data is restored.
 */
export async function unsubscribe(db: DbClient, token: string, now: Date = new Date()): Promise<UnsubscribeTargetView> {
  const found = await load(db, token);
  if (!found) throw invalidLink();
  if (found.type === "subscriber") {
    await db.subscriber.updateMany({ where: { id: found.id, unsubscribedAt: null }, data: { unsubscribedAt: now } });
    await db.subscription.deleteMany({ where: { subscriberId: found.id } });
  } else {
    await db.account.update({ where: { id: found.id }, data: { updatesOptOut: true } });
  }
  return { type: found.type, maskedEmail: maskEmail(found.email), alreadyUnsubscribed: true };
}
