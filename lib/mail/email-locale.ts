import { defaultLocale, isLocale, pseudoLocale, type RenderLocale } from "../i18n/locales";
import { localePath } from "../i18n/routing";
import type { MailDb } from "./kinds/types";
import type { OutboxRow } from "./outbox-row";

/**
 * The language of one email (docs/decisions/043): the account's (or subscriber's) language
 * when the portal ships it, else the incident's default language, else the portal's default.
 * `en-XA` (the pseudo-locale) is honoured so tests can prove no email text is hard-coded.
 */
export function emailLocale(recipient: string | null | undefined, incidentDefault?: string | null): RenderLocale {
  if (recipient && (isLocale(recipient) || recipient === pseudoLocale)) return recipient as RenderLocale;
  if (incidentDefault && isLocale(incidentDefault)) return incidentDefault;
  return defaultLocale;
}

/**
 * The recipient's own language for each row of a fan-out batch (an account's, or a
 * subscriber's by payload.subscriberId): one query for the batch. A row with neither is absent.
 */
export async function loadRecipientLocales(rows: OutboxRow[], db: Pick<MailDb, "driver">): Promise<Map<number, string>> {
  const wanted = rows.filter((r) => r.accountId != null || typeof r.payload.subscriberId === "string");
  if (wanted.length === 0) return new Map();
  const found = await db.driver.query<{ id: number; locale: string | null }>(
    `SELECT r."id", coalesce(a."locale", s."locale") AS "locale"
     FROM unnest($1::int[], $2::int[], $3::uuid[]) AS r("id", "account_id", "subscriber_id")
     LEFT JOIN "account" a ON a."id" = r."account_id"
     LEFT JOIN "subscriber" s ON s."id" = r."subscriber_id"`,
    [wanted.map((r) => r.id), wanted.map((r) => r.accountId), wanted.map((r) => (typeof r.payload.subscriberId === "string" ? r.payload.subscriberId : null))],
  );
  return new Map(found.filter((f) => f.locale !== null).map((f) => [f.id, f.locale!]));
}

/** The public URL of a page in a language (lib/i18n/routing.ts: the default language keeps its unprefixed path). */
export function localizedUrl(base: string, locale: RenderLocale, path: string): string {
  return `${base}${localePath(locale, path)}`;
}
