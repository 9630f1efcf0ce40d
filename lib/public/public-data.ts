import { getChartPoints, type ChartPoint } from "../aggregates/get-chart-points";
import type { DbClient } from "../db";

/**
 * Everything the public portal shows, as plain JSON: read from the database in one go
 * (published incidents, their updates, categories with their aggregates, the chart's
 * time series, published letters with every revision), then kept in memory and on disk
 * as the last good snapshot. Pages, feeds and the API read only this, never the
 * database, so a crowd makes no queries and a database outage hides nothing.
 */
export interface PublicCategory {
  key: string;
  label: string;
  /** The label in other languages than the incident's default, as staff wrote them (a localized copy has none: `label` is the reader's). */
  translations?: Partial<Record<string, string>>;
  /** Accounts for which this category was affected (not_affected excluded). */
  affected: number;
  pending: number;
  restoring: number;
  restored: number;
  partial: number;
  unrecoverable: number;
  notAffected: number;
  itemsTotal: number;
  itemsRestored: number;
  /** When the counts last changed (absent in snapshots written before it existed). */
  updatedAt?: string;
}

/**
 * Content in several languages (docs/decisions/043): the snapshot holds every language, so
 * one database read serves all of them; `localizePublicData` (localize-public-data.ts) picks
 * one reader's language in memory. `locale` and `fallback` are set on a localized copy:
 * the language the text is in, and whether the reader's own language had no translation.
 */
export interface Localized {
  locale?: string;
  fallback?: boolean;
}

export interface PublicUpdate extends Localized {
  id: string;
  status: string;
  body: string;
  publishedAt: string;
  /** The body in other languages than the incident's default, by locale. */
  translations?: Partial<Record<string, string>>;
}

export interface PublicLetterRevision {
  revision: number;
  title: string;
  body: string;
  signatoryName: string;
  signatoryTitle: string;
  correctionNote: string | null;
  publishedAt: string;
}

export interface PublicLetter extends Localized {
  slug: string;
  incidentSlug: string;
  /** The language of `revisions` (the incident's default). */
  defaultLocale?: string;
  /** Oldest first: revisions[0] is the original, the last one is current. */
  revisions: PublicLetterRevision[];
  /** Each other published language's own revisions, oldest first, by locale. */
  translations?: Partial<Record<string, PublicLetterRevision[]>>;
}

export interface PublicIncidentText {
  title: string;
  summary: string;
  advice: string;
  remedy: string;
}

export interface PublicIncident extends Localized {
  slug: string;
  /** The language of title, summary, advice, remedy and the updates' bodies. */
  defaultLocale?: string;
  /** The same four texts in other languages, by locale. */
  translations?: Partial<Record<string, PublicIncidentText>>;
  title: string;
  summary: string;
  advice: string;
  remedy: string;
  status: string;
  impact: string;
  startedAt: string;
  resolvedAt: string | null;
  publishedAt: string;
  /** Newest first. */
  updates: PublicUpdate[];
  categories: PublicCategory[];
  /** Oldest first; at most MAX_CHART_TIMES distinct times (get-chart-points.ts). */
  chart: ChartPoint[];
  /** Slugs of published letters, oldest first. */
  letters: string[];
}

export interface PublicData {
  /** When the database was read. */
  generatedAt: string;
  /** Newest first. */
  incidents: PublicIncident[];
  letters: PublicLetter[];
}

export const MAX_PUBLIC_INCIDENTS = 200;

/** One category's progress from its aggregate row (absent before any impact exists). */
export function toCategoryProgress(c: {
  key: string;
  label: string;
  aggregate: {
    accounts: number;
    notAffected: number;
    pending: number;
    restoring: number;
    restored: number;
    partial: number;
    unrecoverable: number;
    itemsTotal: bigint;
    itemsRestored: bigint;
    updatedAt?: Date;
  } | null;
}): PublicCategory {
  const a = c.aggregate;
  return {
    key: c.key,
    label: c.label,
    affected: a ? a.accounts - a.notAffected : 0,
    pending: a?.pending ?? 0,
    restoring: a?.restoring ?? 0,
    restored: a?.restored ?? 0,
    partial: a?.partial ?? 0,
    unrecoverable: a?.unrecoverable ?? 0,
    notAffected: a?.notAffected ?? 0,
    itemsTotal: Number(a?.itemsTotal ?? 0),
    itemsRestored: Number(a?.itemsRestored ?? 0),
    ...(a?.updatedAt ? { updatedAt: a.updatedAt.toISOString() } : {}),
  };
}

export async function loadPublicData(db: DbClient): Promise<PublicData> {
  const generatedAt = new Date().toISOString();
  const incidents = await db.incident.findMany({
    where: { publishedAt: { not: null } },
    orderBy: { startedAt: "desc" },
    take: MAX_PUBLIC_INCIDENTS,
    include: {
      translations: true,
      updates: { orderBy: { publishedAt: "desc" }, include: { translations: { select: { locale: true, body: true } } } },
      categories: { orderBy: { position: "asc" }, include: { aggregate: true, translations: { select: { locale: true, label: true } } } },
      letters: {
        where: { publishedAt: { not: null } },
        orderBy: { publishedAt: "asc" },
        include: { revisions: { orderBy: [{ locale: "asc" }, { revision: "asc" }] } },
      },
    },
  });

  const charts = await getChartPoints(db, incidents.map((i) => i.id));

  const letters: PublicLetter[] = [];
  const result: PublicIncident[] = incidents.map((incident) => {
    const defaultLocale = incident.defaultLocale;
    const published = incident.letters.filter((l) => l.revisions.some((r) => r.locale === defaultLocale));
    for (const letter of published) {
      const byLocale: Partial<Record<string, PublicLetterRevision[]>> = {};
      for (const r of letter.revisions) {
        (byLocale[r.locale] ??= []).push({
          revision: r.revision,
          title: r.title,
          body: r.body,
          signatoryName: r.signatoryName,
          signatoryTitle: r.signatoryTitle,
          correctionNote: r.correctionNote,
          publishedAt: r.publishedAt.toISOString(),
        });
      }
      const { [defaultLocale]: revisions = [], ...translations } = byLocale;
      letters.push({ slug: letter.slug, incidentSlug: incident.slug, defaultLocale, revisions, translations });
    }
    return {
      slug: incident.slug,
      defaultLocale,
      translations: Object.fromEntries(
        incident.translations.map((t) => [t.locale, { title: t.title, summary: t.summary, advice: t.advice, remedy: t.remedy }]),
      ),
      title: incident.title,
      summary: incident.summary,
      advice: incident.advice,
      remedy: incident.remedy,
      status: incident.status,
      impact: incident.impact,
      startedAt: incident.startedAt.toISOString(),
      resolvedAt: incident.resolvedAt?.toISOString() ?? null,
      publishedAt: (incident.publishedAt ?? incident.createdAt).toISOString(),
      updates: incident.updates.map((u) => ({
        id: u.id,
        status: u.status,
        body: u.body,
        publishedAt: u.publishedAt.toISOString(),
        translations: Object.fromEntries(u.translations.map((t) => [t.locale, t.body])),
      })),
      categories: incident.categories.map((c) => ({
        ...toCategoryProgress(c),
        ...(c.translations.length > 0 ? { translations: Object.fromEntries(c.translations.map((t) => [t.locale, t.label])) } : {}),
      })),
      chart: charts.get(incident.id) ?? [],
      letters: published.map((l) => l.slug),
    };
  });
  return { generatedAt, incidents: result, letters };
}
