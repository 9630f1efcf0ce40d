import type { DbClient } from "../db";
import { AppError } from "../errors";
import { isLocale } from "../i18n/locales";
import { env } from "../env";
import { maskEmail } from "../format";
import { hashToken, randomTokenPattern } from "../tokens";

export interface PendingConfirmation {
  maskedEmail: string;
  incident: { slug: string; title: string } | null;
  alreadyConfirmed: boolean;
}

async function findByConfirmToken(db: DbClient, token: string) {
  if (!randomTokenPattern.test(token)) return null;
  return db.subscriber.findUnique({
    where: { confirmTokenHash: hashToken(token) },
    select: { id: true, email: true, confirmedAt: true, unsubscribedAt: true, confirmTokenExpiresAt: true },
  });
}

/** Links sent before expiry was recorded have none: they keep working until replaced. */
function expired(subscriber: { confirmTokenExpiresAt: Date | null }, now: Date): boolean {
  return subscriber.confirmTokenExpiresAt !== null && subscriber.confirmTokenExpiresAt <= now;
}

/** GONE with the masked address: the page offers to send a new link (renew-confirmation.ts). */
const expiredLink = (email: string) =>
  new AppError("GONE", `This confirmation link has expired (links work for ${env().SUBSCRIPTION_CONFIRM_TTL_DAYS} days).`, {
    reason: "expired",
    maskedEmail: maskEmail(email),
  });

async function findIncident(db: DbClient, slug: string | undefined) {
  if (!slug) return null;
  const incident = await db.incident.findFirst({ where: { slug, publishedAt: { not: null } }, select: { id: true, slug: true, title: true } });
  if (!incident) throw new AppError("NOT_FOUND", "There is no such incident.", { reason: "incident" });
  return incident;
}

const invalidLink = () =>
  new AppError("NOT_FOUND", "This confirmation link is not valid: it may have been used already or replaced by a newer one.", {
    reason: "unknown",
  });

/** For the GET page: what the button will confirm. Read-only. */
export async function describeConfirmation(db: DbClient, token: string, incidentSlug?: string, now: Date = new Date()): Promise<PendingConfirmation> {
  const subscriber = await findByConfirmToken(db, token);
  if (!subscriber) throw invalidLink();
  if (expired(subscriber, now)) throw expiredLink(subscriber.email);
  const incident = await findIncident(db, incidentSlug);
  return {
    maskedEmail: maskEmail(subscriber.email),
    incident: incident ? { slug: incident.slug, title: incident.title } : null,
    alreadyConfirmed: Boolean(subscriber.confirmedAt && !subscriber.unsubscribedAt),
  };
}

/**
 * Step two of double opt-in (a POST, so a link scanner cannot do it): marks the address
 * confirmed, adds the subscription and uses up the token.
 */
export async function confirmSubscription(
  db: DbClient,
  token: string,
  incidentSlug?: string,
  now: Date = new Date(),
  /** The language of the confirm page (the link in the email names it): their emails' language from now on. */
  locale?: string,
): Promise<{ maskedEmail: string; incident: { slug: string; title: string } | null }> {
  const subscriber = await findByConfirmToken(db, token);
  if (!subscriber) throw invalidLink();
  if (expired(subscriber, now)) throw expiredLink(subscriber.email);
  const incident = await findIncident(db, incidentSlug);
  const claimed = await db.subscriber.updateMany({
    where: { id: subscriber.id, confirmTokenHash: hashToken(token), OR: [{ confirmTokenExpiresAt: null }, { confirmTokenExpiresAt: { gt: now } }] },
    data: { confirmedAt: subscriber.confirmedAt ?? now, unsubscribedAt: null, confirmTokenHash: null, confirmTokenExpiresAt: null, ...(locale && isLocale(locale) ? { locale } : {}) },
  });
  if (claimed.count === 0) throw invalidLink();
  const scope = incident ? ("incident" as const) : ("all" as const);
  const existing = await db.subscription.findFirst({
    where: { subscriberId: subscriber.id, scope, incidentId: incident?.id ?? null },
    select: { id: true },
  });
  if (!existing) {
    await db.subscription.create({ data: { subscriberId: subscriber.id, scope, incidentId: incident?.id ?? null } });
  }
  return { maskedEmail: maskEmail(subscriber.email), incident: incident ? { slug: incident.slug, title: incident.title } : null };
}

/** The address an expired (or still valid) link was sent to, for renewal; null when the link is unknown or replaced. */
export async function confirmationAddress(db: DbClient, token: string): Promise<string | null> {
  return (await findByConfirmToken(db, token))?.email ?? null;
}
