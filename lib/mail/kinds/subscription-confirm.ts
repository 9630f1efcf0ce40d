import { z } from "zod";
import { env, publicUrl } from "../../env";
import { defaultLocale, type RenderLocale } from "../../i18n/locales";
import { hashToken, newRandomToken } from "../../tokens";
import { emailLocale, localizedUrl } from "../email-locale";
import { renderSubscriptionConfirmEmail } from "../templates/subscription-confirm";
import type { Draft, MailKind } from "./types";

/**
 * Double opt-in (lib/subscribers/request-subscription.ts queues it). The confirmation
 * token is issued here, when the email is sent: its hash replaces the subscriber's
 * (only the newest link works, as with a repeated request), so a resend carries a fresh
 * link and the outbox never holds a raw token. Older payloads carried one: ignored.
 * The link expires SUBSCRIPTION_CONFIRM_TTL_DAYS after it is sent.
 */
export const subscriptionConfirmPayloadSchema = z.object({
  /** Absent: every incident. */
  incidentSlug: z.string().optional(),
  incidentTitle: z.string().optional(),
  /** The language they asked in: the email's language and the link's page (absent before languages: the default). */
  locale: z.string().optional(),
});
export type SubscriptionConfirmPayload = z.infer<typeof subscriptionConfirmPayloadSchema>;

export function confirmSubscriptionUrl(baseUrl: string, token: string, incidentSlug?: string, locale: RenderLocale = defaultLocale): string {
  // The confirm page in their language (its path prefix): confirming there keeps it as their emails' language.
  const base = localizedUrl(baseUrl.replace(/\/$/, ""), locale, `/subscribe/confirm/${encodeURIComponent(token)}`);
  return incidentSlug ? `${base}?incident=${encodeURIComponent(incidentSlug)}` : base;
}

export const subscriptionConfirmKind: MailKind = {
  async prepare(rows, db) {
    const drafts = new Map<number, Draft>();
    const ready: { id: number; email: string; payload: SubscriptionConfirmPayload; token: string }[] = [];
    for (const row of rows) {
      const payload = subscriptionConfirmPayloadSchema.safeParse(row.payload);
      if (!payload.success) drafts.set(row.id, { park: `Malformed subscription_confirm payload: ${payload.error.issues.map((i) => i.message).join("; ")}` });
      else ready.push({ id: row.id, email: row.toAddress, payload: payload.data, token: newRandomToken() });
    }
    if (ready.length === 0) return drafts;
    // One address twice in a batch: the last token wins (the newest link works).
    const last = new Map(ready.map((r) => [r.email, r]));
    const updated = await db.driver.query<{ email: string }>(
      `UPDATE "subscriber" s SET "confirm_token_hash" = t."token_hash",
         "confirm_token_expires_at" = now() + make_interval(days => $3::int)
       FROM unnest($1::text[], $2::text[]) AS t("email", "token_hash")
       WHERE s."email" = t."email" AND s."email" = ANY($1::text[])
       RETURNING s."email"`,
      [[...last.keys()], [...last.values()].map((r) => hashToken(r.token)), env().SUBSCRIPTION_CONFIRM_TTL_DAYS],
    );
    const found = new Set(updated.map((u) => u.email));
    for (const r of ready) {
      if (!found.has(r.email)) {
        drafts.set(r.id, { park: "no subscriber with this address any more" });
        continue;
      }
      const token = last.get(r.email)!.token;
      const locale = emailLocale(r.payload.locale);
      const url = confirmSubscriptionUrl(publicUrl(), token, r.payload.incidentSlug, locale);
      drafts.set(r.id, { email: () => renderSubscriptionConfirmEmail({ locale, incidentTitle: r.payload.incidentTitle ?? null, url }) });
    }
    return drafts;
  },
};
