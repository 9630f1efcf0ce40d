import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Database } from "../db";
import { AppError } from "../errors";
import { defaultLocale, languageTagSchema } from "../i18n/locales";
import { enqueueEmail } from "../mail/enqueue-email";
import { emailAddressSchema } from "../email-address";
import type { SubscriptionConfirmPayload } from "../mail/kinds/subscription-confirm";
import { subscriptionConfirmSubject } from "../mail/templates/subscription-confirm";
import { parseInput } from "../parse-input";
import { addressKey, consumeRateLimits, ratePolicies, type RatePolicy } from "../rate-limit";
import { hashToken, unsubscribeToken } from "../tokens";

/**
 * Step one of double opt-in: records the address (unconfirmed when new) and queues the
 * confirmation email, the only message an unconfirmed address ever gets. The scope
 * (all incidents or one) travels in the confirmation link and takes effect on confirm.
 * The answer is the same whether or not the address was already subscribed.
 */
export const subscribeRequestSchema = z.object({
  email: emailAddressSchema,
  /** Slug of one incident; absent or empty: every incident. */
  incident: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => (v ? v : undefined)),
  /**
   * The language they pick (the form's select, defaulting to the page's language): a BCP 47
   * tag, mapped to the shipped language that fits it; an unsupported one reads the default.
   */
  locale: z.preprocess((v) => (v === "" ? undefined : v), z.string().max(35, "is not a language tag (BCP 47) such as en or pt-BR").pipe(languageTagSchema).optional()),
});
export type SubscribeRequestInput = z.input<typeof subscribeRequestSchema>;

export interface SubscribeOptions {
  ip: string;
  perIp?: RatePolicy;
  perAddress?: RatePolicy;
}

export async function requestSubscription(db: Database, input: unknown, options: SubscribeOptions): Promise<{ accepted: true }> {
  const request = parseInput(subscribeRequestSchema, input);
  const incident = request.incident
    ? await db.prisma.incident.findFirst({
        where: { slug: request.incident, publishedAt: { not: null } },
        select: { slug: true, title: true },
      })
    : null;
  if (request.incident && !incident) {
    throw new AppError("VALIDATION", "There is no such incident.", { fields: { incident: "There is no such incident." } });
  }
  await consumeRateLimits(db.driver, [
    { policy: options.perIp ?? ratePolicies.subscribePerIp, key: options.ip },
    { policy: options.perAddress ?? ratePolicies.subscribePerAddress, key: addressKey(request.email) },
  ]);

  const locale = request.locale ?? defaultLocale;
  await db.prisma.$transaction(async (tx) => {
    const newId = randomUUID();
    const subscriber = await tx.subscriber.upsert({
      where: { email: request.email },
      create: {
        id: newId,
        email: request.email,
        locale,
        unsubscribeTokenHash: hashToken(unsubscribeToken({ type: "subscriber", id: newId })),
      },
      update: {},
      select: { id: true, confirmedAt: true, unsubscribedAt: true },
    });
    // Anyone may ask for any address: the language of a confirmed subscriber changes only on
    // confirming (confirmSubscription), never by a request alone.
    if (!subscriber.confirmedAt || subscriber.unsubscribedAt) await tx.subscriber.update({ where: { id: subscriber.id }, data: { locale } });
    // The confirmation link is issued when the email is sent and replaces any older one
    // (lib/mail/kinds/subscription-confirm.ts): only the newest link works.
    const payload: SubscriptionConfirmPayload = { ...(incident ? { incidentSlug: incident.slug, incidentTitle: incident.title } : {}), locale };
    await enqueueEmail(tx, {
      dedupeKey: `subscription_confirm:${subscriber.id}:${randomUUID()}`,
      kind: "subscription_confirm",
      to: request.email,
      subject: subscriptionConfirmSubject,
      payload,
    });
  });
  return { accepted: true };
}

export const subscribeAnswer =
  "Check your inbox: we have sent a confirmation link to that address. Nothing else is sent until you confirm.";
