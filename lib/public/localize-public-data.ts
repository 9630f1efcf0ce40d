import { categoryLabel } from "../i18n/category-label";
import { pickContent } from "../i18n/pick-content";
import { applyPublicMergeFields } from "../letters/merge-fields";
import type { PublicData, PublicIncident, PublicIncidentText, PublicLetter } from "./public-data";

/**
 * The public snapshot as one reader's language sees it: each incident's texts, each update's
 * body and each letter's revisions in that language when translated, else in the incident's
 * default language with `fallback: true` (the page says "not yet available in your language").
 * Pure and in memory; computed once per snapshot and language (the WeakMap drops it with the
 * snapshot), so a crowd in six languages costs six small copies, no query.
 *
 * Category labels follow lib/i18n/category-label.ts (staff's label, else the stock words of a
 * known key, else the label as written). The copy carries no `translations`: what an API or
 * page reads is one language.
 */
const memo = new WeakMap<PublicData, Map<string, PublicData>>();

export function localizePublicData(data: PublicData, locale: string): PublicData {
  let byLocale = memo.get(data);
  if (!byLocale) memo.set(data, (byLocale = new Map()));
  let localized = byLocale.get(locale);
  if (!localized) {
    localized = {
      generatedAt: data.generatedAt,
      incidents: data.incidents.map((i) => localizeIncident(i, locale)),
      letters: data.letters.map((l) => localizeLetter(l, locale)),
    };
    byLocale.set(locale, localized);
  }
  return localized;
}

export function localizeIncident(incident: PublicIncident, locale: string): PublicIncident {
  const { translations, ...rest } = incident;
  const defaultLocale = incident.defaultLocale ?? "en";
  const base: PublicIncidentText = { title: incident.title, summary: incident.summary, advice: incident.advice, remedy: incident.remedy };
  const text = pickContent(base, defaultLocale, translations, locale);
  return {
    ...rest,
    ...text.content,
    locale: text.locale,
    fallback: text.fallback,
    updates: incident.updates.map(({ translations: bodies, ...update }) => {
      const body = pickContent(update.body, defaultLocale, bodies, locale);
      return { ...update, body: body.content, locale: body.locale, fallback: body.fallback };
    }),
    categories: incident.categories.map(({ translations: labels, ...category }) => ({ ...category, label: categoryLabel({ ...category, translations: labels }, defaultLocale, locale) })),
  };
}

/** The revisions in the reader's language (or the default), their merge fields as generic words in the text's language. */
export function localizeLetter(letter: PublicLetter, locale: string): PublicLetter {
  const { translations, ...rest } = letter;
  const picked = pickContent(letter.revisions, letter.defaultLocale ?? "en", translations, locale);
  const revisions = picked.content.map((r) => ({ ...r, body: applyPublicMergeFields(r.body, picked.locale) }));
  return { ...rest, revisions, locale: picked.locale, fallback: picked.fallback };
}
