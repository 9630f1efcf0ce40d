import { publicUrl } from "../../env";
import { pickContent } from "../../i18n/pick-content";
import { renderMarkdown } from "../../markdown";
import { emailLocale, loadRecipientLocales, localizedUrl } from "../email-locale";
import { renderIncidentUpdateEmail } from "../templates/incident-update";
import { unsubscribeUrlFor } from "../unsubscribe-link";
import type { Draft, MailKind } from "./types";

/**
 * Incident updates (queue-update-fanout.ts), in each recipient's language: the update's body
 * and the incident's title in it when translated, else in the incident's default language
 * with a note. Two reads of the batch however many recipients: the updates with their
 * translations, and the recipients' languages. Each body is turned into HTML once per language.
 */
export const incidentUpdateKind: MailKind = {
  async prepare(rows, db) {
    const ids = [...new Set(rows.map((r) => r.payload.updateId).filter((id): id is string => typeof id === "string"))];
    const [updates, recipientLocales] = await Promise.all([
      db.prisma.incidentUpdate.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          status: true,
          body: true,
          publishedAt: true,
          translations: { select: { locale: true, body: true } },
          incident: { select: { title: true, slug: true, defaultLocale: true, translations: { select: { locale: true, title: true } } } },
        },
      }),
      loadRecipientLocales(rows, db),
    ]);
    const byId = new Map(updates.map((u) => [u.id, u]));
    const html = new Map<string, string>();
    const bodyHtml = (updateId: string, locale: string, body: string) => {
      const key = `${updateId}:${locale}`;
      let h = html.get(key);
      if (h === undefined) html.set(key, (h = renderMarkdown(body)));
      return h;
    };
    const drafts = new Map<number, Draft>();
    for (const row of rows) {
      const updateId = row.payload.updateId;
      if (typeof updateId !== "string") {
        drafts.set(row.id, { park: "incident update email without payload.updateId" });
        continue;
      }
      const u = byId.get(updateId);
      if (!u) {
        drafts.set(row.id, { park: `incident update ${updateId} no longer exists` });
        continue;
      }
      const locale = emailLocale(recipientLocales.get(row.id), u.incident.defaultLocale);
      const body = pickContent(u.body, u.incident.defaultLocale, Object.fromEntries(u.translations.map((t) => [t.locale, t.body])), locale);
      const title = pickContent(u.incident.title, u.incident.defaultLocale, Object.fromEntries(u.incident.translations.map((t) => [t.locale, t.title])), locale);
      drafts.set(row.id, {
        email: () =>
          renderIncidentUpdateEmail({
            locale,
            updateId,
            incidentTitle: title.content,
            status: u.status,
            bodyHtml: bodyHtml(updateId, body.locale, body.content),
            fallback: body.fallback,
            publishedAt: u.publishedAt,
            incidentUrl: localizedUrl(publicUrl(), locale, `/incidents/${u.incident.slug}`),
            unsubscribeUrl: unsubscribeUrlFor(row),
          }),
      });
    }
    return drafts;
  },
};
