import { z } from "zod";
import { accountLinkLifetimeDays, newAccountLinkToken } from "../account-link";
import { emailLocale } from "../email-locale";
import { renderLookupLinkEmail } from "../templates/lookup-link";
import type { Draft, MailKind } from "./types";

/**
 * The private status link asked for on /lookup (lib/lookup/request-lookup-link.ts queues
 * it). The token is issued here, when the email is sent: one lookup_token row per send
 * (only its hash), so a retry or a resend carries a fresh link and the outbox never holds
 * a raw token. Older payloads carried one (`token`): it is ignored.
 */
export const lookupLinkPayloadSchema = z.object({ accountRef: z.string() });
export type LookupLinkPayload = z.infer<typeof lookupLinkPayloadSchema>;

export const lookupLinkKind: MailKind = {
  async prepare(rows, db) {
    const drafts = new Map<number, Draft>();
    const ready: { id: number; accountId: number; accountRef: string; hash: string; url: string }[] = [];
    for (const row of rows) {
      const payload = lookupLinkPayloadSchema.safeParse(row.payload);
      if (!payload.success || row.accountId == null) {
        drafts.set(row.id, { park: `Malformed lookup_link email: ${payload.success ? "no account" : payload.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` });
        continue;
      }
      ready.push({ id: row.id, accountId: row.accountId, accountRef: payload.data.accountRef, ...newAccountLinkToken() });
    }
    if (ready.length === 0) return drafts;
    const issued = await db.driver.query<{ account_id: number; token_hash: string; expires_at: Date; locale: string }>(
      `WITH "issued" AS (
         INSERT INTO "lookup_token" ("account_id", "token_hash", "expires_at")
         SELECT t."account_id", t."token_hash", now() + make_interval(days => $3::int)
         FROM unnest($1::int[], $2::text[]) AS t("account_id", "token_hash")
         JOIN "account" a ON a."id" = t."account_id"
         RETURNING "account_id", "token_hash", "expires_at"
       )
       SELECT i.*, a."locale" FROM "issued" i JOIN "account" a ON a."id" = i."account_id"`,
      [ready.map((r) => r.accountId), ready.map((r) => r.hash), accountLinkLifetimeDays()],
    );
    const byHash = new Map(issued.map((t) => [t.token_hash, t]));
    for (const r of ready) {
      const token = byHash.get(r.hash);
      if (!token) drafts.set(r.id, { park: `account ${r.accountId} no longer exists` });
      else drafts.set(r.id, { email: () => renderLookupLinkEmail({ locale: emailLocale(token.locale), accountRef: r.accountRef, url: r.url, expiresAt: new Date(token.expires_at) }) });
    }
    return drafts;
  },
};
