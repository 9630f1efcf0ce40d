import type { Database } from "../db";
import { AppError } from "../errors";
import { confirmationAddress } from "./confirm-subscription";
import { requestSubscription, type SubscribeOptions } from "./request-subscription";

/**
 * The expired-link page's button: sends a fresh confirmation link to the address the
 * expired one was for, without the visitor typing it again (the old link proves they
 * received mail there). It is a new request in every other way: same rate limits, and
 * the new link replaces the old one, which then stops working altogether.
 */
export async function renewConfirmation(db: Database, token: string, incidentSlug: string | undefined, options: SubscribeOptions): Promise<{ accepted: true }> {
  const email = await confirmationAddress(db.prisma, token);
  if (!email) {
    throw new AppError("NOT_FOUND", "This confirmation link is not valid: it may have been used already or replaced by a newer one.", { reason: "unknown" });
  }
  return requestSubscription(db, { email, ...(incidentSlug ? { incident: incidentSlug } : {}) }, options);
}
