import { publicUrl } from "../env";
import type { OverallStatus, StatusOverview } from "./get-status-overview";

/**
 * The stable JSON of GET /api/v1/status (documented in docs/readme/portal.md). Field
 * names and meanings do not change within v1; new fields may be added.
 */
export interface StatusDocument {
  generatedAt: string;
  ageSeconds: number;
  stale: boolean;
  status: OverallStatus;
  incidents: {
    slug: string;
    title: string;
    status: string;
    impact: string;
    startedAt: string;
    resolvedAt: string | null;
    url: string;
    latestUpdate: { status: string; body: string; publishedAt: string } | null;
    categories: {
      key: string;
      label: string;
      affected: number;
      pending: number;
      restoring: number;
      restored: number;
      partial: number;
      unrecoverable: number;
      itemsTotal: number;
      itemsRestored: number;
      percentRestored: number;
    }[];
    letters: { slug: string; title: string; url: string }[];
  }[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function toStatusDocument(overview: StatusOverview, base = publicUrl()): StatusDocument {
  return {
    generatedAt: overview.generatedAt,
    ageSeconds: Math.round(overview.ageSeconds),
    stale: overview.stale,
    status: overview.overall,
    incidents: overview.active.map((i) => ({
      slug: i.slug,
      title: i.title,
      status: i.status,
      impact: i.impact,
      startedAt: i.startedAt,
      resolvedAt: i.resolvedAt,
      url: `${base}/incidents/${encodeURIComponent(i.slug)}`,
      latestUpdate: i.latestUpdate,
      categories: i.categories.map((c) => ({
        key: c.key,
        label: c.label,
        affected: c.affected,
        pending: c.pending,
        restoring: c.restoring,
        restored: c.restored,
        partial: c.partial,
        unrecoverable: c.unrecoverable,
        itemsTotal: c.itemsTotal,
        itemsRestored: c.itemsRestored,
        percentRestored: c.affected > 0 ? round1((c.restored / c.affected) * 100) : 0,
      })),
      letters: i.letters.map((l) => ({ slug: l.slug, title: l.title, url: `${base}/letters/${encodeURIComponent(l.slug)}` })),
    })),
  };
}
