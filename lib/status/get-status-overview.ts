import type { DbClient } from "../db";
import { getPublicSnapshot, type PublicSnapshot } from "../public/public-snapshot";
import { loadPublicData, type PublicCategory, type PublicData, type PublicIncident } from "../public/public-data";

/**
 * What the status page and /api/v1/status show, derived from the public snapshot
 * (which reads the aggregates, never counting impact rows). Plain data.
 */
export type CategoryProgress = PublicCategory;

export type OverallStatus = "operational" | "degraded" | "partial_outage" | "major_outage";

export interface IncidentSummary {
  slug: string;
  title: string;
  summary: string;
  advice: string;
  status: string;
  impact: string;
  startedAt: string;
  resolvedAt: string | null;
  latestUpdate: { status: string; body: string; publishedAt: string } | null;
  categories: CategoryProgress[];
  chart: PublicIncident["chart"];
  letters: { slug: string; title: string; publishedAt: string }[];
}

export interface PastIncident {
  slug: string;
  title: string;
  status: string;
  impact: string;
  startedAt: string;
  resolvedAt: string | null;
}

export interface StatusOverview {
  generatedAt: string;
  /** Seconds since the data was read from the database. */
  ageSeconds: number;
  /** True when the database could not be read on the last attempt. */
  stale: boolean;
  overall: OverallStatus;
  active: IncidentSummary[];
  past: PastIncident[];
}

const overallByImpact: Record<string, OverallStatus> = {
  none: "operational",
  minor: "degraded",
  major: "partial_outage",
  critical: "major_outage",
};
const rank: OverallStatus[] = ["operational", "degraded", "partial_outage", "major_outage"];

export function letterSummaries(data: PublicData, incident: PublicIncident): IncidentSummary["letters"] {
  return incident.letters.flatMap((slug) => {
    const letter = data.letters.find((l) => l.slug === slug);
    const first = letter?.revisions[0];
    const last = letter?.revisions.at(-1);
    return first && last ? [{ slug, title: last.title, publishedAt: first.publishedAt }] : [];
  });
}

export function toStatusOverview(data: PublicData, meta: { ageSeconds: number; stale: boolean }): StatusOverview {
  const active: IncidentSummary[] = [];
  const past: PastIncident[] = [];
  let overall: OverallStatus = "operational";
  for (const incident of data.incidents) {
    if (incident.status === "resolved") {
      past.push({
        slug: incident.slug,
        title: incident.title,
        status: incident.status,
        impact: incident.impact,
        startedAt: incident.startedAt,
        resolvedAt: incident.resolvedAt,
      });
      continue;
    }
    const level = overallByImpact[incident.impact] ?? "degraded";
    if (rank.indexOf(level) > rank.indexOf(overall)) overall = level;
    const latest = incident.updates[0];
    active.push({
      slug: incident.slug,
      title: incident.title,
      summary: incident.summary,
      advice: incident.advice,
      status: incident.status,
      impact: incident.impact,
      startedAt: incident.startedAt,
      resolvedAt: incident.resolvedAt,
      latestUpdate: latest ? { status: latest.status, body: latest.body, publishedAt: latest.publishedAt } : null,
      categories: incident.categories,
      chart: incident.chart,
      letters: letterSummaries(data, incident),
    });
  }
  return { generatedAt: data.generatedAt, ageSeconds: meta.ageSeconds, stale: meta.stale, overall, active, past };
}

/** From the process's public snapshot, in the reader's language: no query when the snapshot is fresh. */
export async function getPublicStatus(locale?: string, snapshot?: PublicSnapshot): Promise<StatusOverview> {
  const s = snapshot ?? (await getPublicSnapshot(locale));
  return toStatusOverview(s.data, { ageSeconds: s.ageSeconds, stale: s.stale });
}

/** Straight from the database (staff views that must not lag). */
export async function getStatusOverview(db: DbClient): Promise<StatusOverview> {
  return toStatusOverview(await loadPublicData(db), { ageSeconds: 0, stale: false });
}
