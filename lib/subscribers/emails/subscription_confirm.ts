import { z } from "zod";
import { emailHtml, type EmailContext, type RenderedEmail } from "./escape-html";

/**
 * Double opt-in (outbox kind subscription_confirm): the only email an unconfirmed
 * address ever receives. The payload holds the raw confirmation token (this email is
 * its only carrier) and the scope asked for.
 */
export const subscriptionConfirmPayloadSchema = z.object({
  token: z.string().min(20),
  /** Absent: every incident. */
  incidentSlug: z.string().optional(),
  incidentTitle: z.string().optional(),
});
export type SubscriptionConfirmPayload = z.infer<typeof subscriptionConfirmPayloadSchema>;

export function confirmSubscriptionUrl(baseUrl: string, payload: Pick<SubscriptionConfirmPayload, "token" | "incidentSlug">): string {
  const base = `${baseUrl.replace(/\/$/, "")}/subscribe/confirm/${encodeURIComponent(payload.token)}`;
  return payload.incidentSlug ? `${base}?incident=${encodeURIComponent(payload.incidentSlug)}` : base;
}

export const subscriptionConfirmSubject = "Confirm your subscription to recovery updates";

export function renderSubscriptionConfirmEmail(payload: unknown, context: EmailContext): RenderedEmail {
  const p = subscriptionConfirmPayloadSchema.parse(payload);
  const url = confirmSubscriptionUrl(context.baseUrl, p);
  const what = p.incidentTitle ? `updates about "${p.incidentTitle}"` : "updates about every incident";
  const lines = [
    `Someone (we hope you) asked to receive ${what} at this address.`,
    "Nothing will be sent until you confirm. Every update carries a one-click unsubscribe link.",
  ];
  const footer = "If you did not ask for this, ignore this email and you will not hear from us again.";
  return {
    subject: subscriptionConfirmSubject,
    html: emailHtml("Confirm your subscription", lines, { label: "Confirm subscription", url }, footer),
    text: `Confirm your subscription\n\n${lines.join("\n\n")}\n\nConfirm here:\n${url}\n\n${footer}\n`,
  };
}
