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

export interface PublicUpdate {
  id: string;
  status: string;
  body: string;
  publishedAt: string;
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

export interface PublicLetter {
  slug: string;
  incidentSlug: string;
  /** Oldest first: revisions[0] is the original, the last one is current. */
  revisions: PublicLetterRevision[];
}

export interface PublicIncident {
  slug: string;
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
      updates: { orderBy: { publishedAt: "desc" } },
      categories: { orderBy: { position: "asc" }, include: { aggregate: true } },
      letters: {
        where: { publishedAt: { not: null } },
        orderBy: { publishedAt: "asc" },
        include: { revisions: { orderBy: { revision: "asc" } } },
      },
    },
  });

  const charts = await getChartPoints(db, incidents.map((i) => i.id));

  const letters: PublicLetter[] = [];
  const result: PublicIncident[] = incidents.map((incident) => {
    const published = incident.letters.filter((l) => l.revisions.length > 0);
    for (const letter of published) {
      letters.push({
        slug: letter.slug,
        incidentSlug: incident.slug,
        revisions: letter.revisions.map((r) => ({
          revision: r.revision,
          title: r.title,
          body: r.body,
          signatoryName: r.signatoryName,
          signatoryTitle: r.signatoryTitle,
          correctionNote: r.correctionNote,
          publishedAt: r.publishedAt.toISOString(),
        })),
      });
    }
    return {
      slug: incident.slug,
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
      })),
      categories: incident.categories.map(toCategoryProgress),
      chart: charts.get(incident.id) ?? [],
      letters: published.map((l) => l.slug),
    };
  });
  return { generatedAt, incidents: result, letters };
}
