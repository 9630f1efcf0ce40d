import { z } from "zod";
import { caseNumber } from "../../cases/case-schemas";
import { categoryLabel } from "../../i18n/category-label";
import { accountLinkLifetimeDays, newAccountLinkToken } from "../account-link";
import { emailLocale } from "../email-locale";
import { renderCaseReplyEmail } from "../templates/case-reply";
import type { Draft, MailKind } from "./types";

/**
 * Support replies (lib/cases/reply-to-case.ts queues them). One read for the batch: each
 * row's reply, its case's category and incident, the account's name; and one insert of a
 * fresh private link per row (only its hash), so a retry or a resend carries a new link.
 * Only a message of kind "reply" is ever sent: a note id in a payload parks the row.
 */
export const caseReplyPayloadSchema = z.object({ caseId: z.number().int(), messageId: z.number().int() });

export const caseReplyKind: MailKind = {
  async prepare(rows, db) {
    const drafts = new Map<number, Draft>();
    const ready: { id: number; accountId: number; caseId: number; messageId: number; hash: string; url: string }[] = [];
    for (const row of rows) {
      const payload = caseReplyPayloadSchema.safeParse(row.payload);
      if (!payload.success || row.accountId == null) {
        drafts.set(row.id, { park: `Malformed case_reply email: ${payload.success ? "no account" : payload.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` });
        continue;
      }
      ready.push({ id: row.id, accountId: row.accountId, ...payload.data, ...newAccountLinkToken() });
    }
    if (ready.length === 0) return drafts;
    const found = await db.driver.query<{ id: number; body: string; display_name: string; key: string; label: string; label_own: string | null; title: string; case_id: number; locale: string; default_locale: string }>(
      `WITH "r" AS (SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::text[]) AS t("id", "account_id", "case_id", "message_id", "token_hash")),
       "ok" AS (
         SELECT r.*, m."body", a."display_name", c."key", c."label", ct."label" AS "label_own", coalesce(it."title", i."title") AS "title", a."locale", i."default_locale"
         FROM "r"
         JOIN "case_message" m ON m."id" = r."message_id" AND m."case_id" = r."case_id" AND m."kind" = 'reply'
         JOIN "support_case" sc ON sc."id" = r."case_id" AND sc."account_id" = r."account_id"
         JOIN "account" a ON a."id" = r."account_id"
         JOIN "data_category" c ON c."id" = sc."category_id"
         JOIN "incident" i ON i."id" = sc."incident_id"
         LEFT JOIN "incident_translation" it ON it."incident_id" = i."id" AND it."locale" = a."locale"
         LEFT JOIN "data_category_translation" ct ON ct."category_id" = c."id" AND ct."locale" = a."locale"
       ), "token" AS (
         INSERT INTO "lookup_token" ("account_id", "token_hash", "expires_at")
         SELECT "account_id", "token_hash", now() + make_interval(days => $6::int) FROM "ok"
       )
       SELECT "id", "body", "display_name", "key", "label", "label_own", "title", "case_id", "locale", "default_locale" FROM "ok"`,
      [ready.map((r) => r.id), ready.map((r) => r.accountId), ready.map((r) => r.caseId), ready.map((r) => r.messageId), ready.map((r) => r.hash), accountLinkLifetimeDays()],
    );
    const byId = new Map(found.map((f) => [f.id, f]));
    for (const r of ready) {
      const f = byId.get(r.id);
      if (!f) {
        drafts.set(r.id, { park: `case ${r.caseId} or its reply ${r.messageId} no longer exists` });
        continue;
      }
      const locale = emailLocale(f.locale, f.default_locale);
      const label = categoryLabel({ key: f.key, label: f.label, translations: f.label_own === null ? undefined : { [f.locale]: f.label_own } }, f.default_locale, locale);
      drafts.set(r.id, {
        email: () =>
          renderCaseReplyEmail({
            locale,
            displayName: f.display_name,
            caseNumber: caseNumber(f.case_id),
            categoryLabel: label,
            incidentTitle: f.title,
            body: f.body,
            accountUrl: `${r.url}#cases`,
          }),
      });
    }
    return drafts;
  },
};
