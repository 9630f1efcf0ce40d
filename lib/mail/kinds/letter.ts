import { publicUrl } from "../../env";
import { categoryLabel, labelInSentence } from "../../i18n/category-label";
import { isLocale } from "../../i18n/locales";
import { emailLocale, loadRecipientLocales, localizedUrl } from "../email-locale";
import { letterMergeDefaults, renderLetterEmail } from "../templates/letter";
import { unsubscribeUrlFor } from "../unsubscribe-link";
import type { Draft, MailKind } from "./types";

/**
 * Apology letters, personalised at send time: {{name}} becomes the account's display
 * name ("customer" for a subscriber without an account), {{categories}} the account's
 * affected data categories in the letter's language ("data" without an account;
 * lib/i18n/category-label.ts). Two reads per batch: the
 * revisions it needs, and the merge fields of its accounts. The revision is of the language
 * the fan-out chose (payload.locale, queue-update-fanout.ts); the email around it is in the
 * recipient's language, with a note when the letter is not published in it yet.
 */
export const letterKind: MailKind = {
  async prepare(rows, db) {
    const wanted = new Map<string, { letterId: string; revision?: number; locale?: string }>();
    const payloadLocale = (r: (typeof rows)[number]) => (typeof r.payload.locale === "string" ? r.payload.locale : undefined);
    const payloadRevision = (r: (typeof rows)[number]) => (typeof r.payload.revision === "number" ? r.payload.revision : undefined);
    const keyOf = (letterId: string, revision?: number, locale?: string) => `${letterId}:${locale ?? "default"}:${revision ?? "latest"}`;
    for (const r of rows) {
      const letterId = r.payload.letterId;
      if (typeof letterId !== "string") continue;
      wanted.set(keyOf(letterId, payloadRevision(r), payloadLocale(r)), { letterId, revision: payloadRevision(r), locale: payloadLocale(r) });
    }
    const revisions = new Map<string, Awaited<ReturnType<typeof loadRevision>>>();
    async function loadRevision(letterId: string, revision?: number, locale?: string) {
      // Payloads queued before languages name no locale: the incident's default language.
      const defaultLocale = locale ?? (await db.prisma.letter.findUnique({ where: { id: letterId }, select: { incident: { select: { defaultLocale: true } } } }))?.incident.defaultLocale;
      if (!defaultLocale) return null;
      return db.prisma.letterRevision.findFirst({
        where: { letterId, locale: defaultLocale, ...(revision ? { revision } : {}) },
        orderBy: { revision: "desc" },
        select: {
          locale: true, revision: true, title: true, body: true, signatoryName: true, signatoryTitle: true, correctionNote: true,
          letter: { select: { slug: true, incidentId: true, incident: { select: { defaultLocale: true } } } },
        },
      });
    }
    // A fan-out batch holds one or two revisions: a query each.
    for (const [key, w] of wanted) revisions.set(key, await loadRevision(w.letterId, w.revision, w.locale));
    const recipientLocales = await loadRecipientLocales(rows, db);

    const accountRows = rows.filter((r) => r.accountId != null && typeof r.payload.letterId === "string");
    type Category = { key: string; label: string; own: Record<string, string> | null };
    const fields = new Map<number, { name: string; categories: Category[] | null }>();
    if (accountRows.length > 0) {
      const found = await db.driver.query<{ id: number; display_name: string; categories: Category[] | null }>(
        `SELECT r."id", a."display_name",
                (SELECT json_agg(json_build_object('key', c."key", 'label', c."label",
                          'own', (SELECT json_object_agg(ct."locale", ct."label") FROM "data_category_translation" ct WHERE ct."category_id" = c."id"))
                        ORDER BY c."position") FROM "impact" im
                   JOIN "data_category" c ON c."id" = im."category_id"
                  WHERE im."account_id" = a."id" AND im."incident_id" = r."incident_id" AND im."state" <> 'not_affected') AS "categories"
         FROM unnest($1::int[], $2::int[], $3::uuid[]) AS r("id", "account_id", "incident_id")
         JOIN "account" a ON a."id" = r."account_id"`,
        [
          accountRows.map((r) => r.id),
          accountRows.map((r) => r.accountId),
          accountRows.map((r) => revisions.get(keyOf(r.payload.letterId as string, payloadRevision(r), payloadLocale(r)))?.letter.incidentId ?? null),
        ],
      );
      for (const f of found) fields.set(f.id, { name: f.display_name, categories: f.categories });
    }

    const drafts = new Map<number, Draft>();
    for (const row of rows) {
      const letterId = row.payload.letterId;
      if (typeof letterId !== "string") {
        drafts.set(row.id, { park: "letter email without payload.letterId" });
        continue;
      }
      const rev = revisions.get(keyOf(letterId, payloadRevision(row), payloadLocale(row)));
      if (!rev) {
        drafts.set(row.id, { park: `letter ${letterId} has no published revision` });
        continue;
      }
      const f = fields.get(row.id);
      const locale = emailLocale(recipientLocales.get(row.id), rev.letter.incident.defaultLocale);
      // {{name}} without an account reads in the letter's own language ("customer", "cliente").
      const letterLocale = isLocale(rev.locale) ? rev.locale : locale;
      const defaults = letterMergeDefaults(letterLocale);
      const categories = f?.categories
        ?.map((c) => labelInSentence(categoryLabel({ key: c.key, label: c.label, translations: c.own ?? undefined }, rev.letter.incident.defaultLocale, letterLocale), letterLocale))
        .join(", ");
      drafts.set(row.id, {
        email: () =>
          renderLetterEmail({
            locale,
            fallback: rev.locale !== locale,
            letterLocale: rev.locale,
            letterId,
            revision: rev.revision,
            title: rev.title,
            body: rev.body,
            signatoryName: rev.signatoryName,
            signatoryTitle: rev.signatoryTitle,
            correctionNote: rev.correctionNote,
            letterUrl: localizedUrl(publicUrl(), locale, `/letters/${rev.letter.slug}`),
            name: f?.name ?? defaults.name,
            categories: categories ?? defaults.categories,
            unsubscribeUrl: unsubscribeUrlFor(row),
          }),
      });
    }
    return drafts;
  },
};
