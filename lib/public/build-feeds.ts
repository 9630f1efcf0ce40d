import { Feed } from "feed";
import { publicUrl } from "../env";
import { defaultLocale, isLocale } from "../i18n/locales";
import { translator } from "../i18n/translator";
import { renderMarkdown } from "../markdown";
import type { PublicData } from "./public-data";
import { getPublicSnapshot } from "./public-snapshot";

/**
 * One feed entry per published incident update and per letter revision, newest first.
 * Ids are stable URNs so readers never see an entry twice; content is the sanitised
 * HTML of the markdown body.
 */
export function buildFeed(data: PublicData, base = publicUrl(), locale: string = defaultLocale): Feed {
  // Links point at the pages in the feed's language (the default language is unprefixed).
  const pages = locale === defaultLocale || !isLocale(locale) ? base : `${base}/${locale}`;
  // The feed's own words in its language (messages feeds.json); the default language keeps the raw status as before.
  const t = translator(isLocale(locale) ? locale : defaultLocale, "feeds");
  const status = (s: string) => (isLocale(locale) && locale !== defaultLocale ? translator(locale, "common.incidentStatus")(s) : s);
  const entries: { id: string; title: string; link: string; date: Date; content: string }[] = [];
  for (const incident of data.incidents) {
    for (const update of incident.updates) {
      entries.push({
        id: `urn:recovery-portal:update:${update.id}`,
        title: t("update", { incident: incident.title, status: status(update.status) }),
        link: `${pages}/incidents/${encodeURIComponent(incident.slug)}#update-${update.id}`,
        date: new Date(update.publishedAt),
        content: renderMarkdown(update.body),
      });
    }
  }
  for (const letter of data.letters) {
    for (const revision of letter.revisions) {
      const corrected = revision.revision > 1;
      entries.push({
        id: `urn:recovery-portal:letter:${letter.slug}:${revision.revision}`,
        title: corrected ? t("corrected", { title: revision.title, revision: revision.revision }) : revision.title,
        link: `${pages}/letters/${encodeURIComponent(letter.slug)}/revisions/${revision.revision}`,
        date: new Date(revision.publishedAt),
        content: (corrected && revision.correctionNote ? `<p><strong>${escapeHtml(t("correction"))}</strong> ${escapeHtml(revision.correctionNote)}</p>` : "") + renderMarkdown(revision.body),
      });
    }
  }
  entries.sort((a, b) => b.date.getTime() - a.date.getTime());
  const feed = new Feed({
    id: `${base}/`,
    title: t("title"),
    description: t("description"),
    link: `${base}/`,
    language: locale,
    updated: entries[0]?.date ?? new Date(data.generatedAt),
    generator: "Recovery Portal",
    copyright: "",
    feedLinks: { atom: `${base}/feed.atom`, rss: `${base}/feed.rss` },
  });
  for (const e of entries) feed.addItem({ id: e.id, guid: e.id, title: e.title, link: e.link, date: e.date, content: e.content });
  return feed;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** `locale`: the language of the entries' texts and of the feed's own words (messages feeds.json). */
export async function getFeedXml(format: "atom" | "rss", locale?: string): Promise<string> {
  const feed = buildFeed((await getPublicSnapshot(locale)).data, publicUrl(), locale);
  return format === "atom" ? feed.atom1() : feed.rss2();
}
