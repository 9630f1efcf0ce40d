import type { DbClient } from "../db";

/**
 * Everything the public status page shows, read from the aggregates (never by counting
 * impact rows). Plain data: safe to cache, serialise and keep as the last good snapshot.
 */
export interface CategoryProgress {
  key: string;
  label: string;
  /** Accounts for which this category was affected (not_affected excluded). */
  affected: number;
  pending: number;
  restoring: number;
  restored: number;
  partial: number;
  unrecoverable: number;
  itemsTotal: number;
  itemsRestored: number;
}

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
  letters: { slug: string; title: string; publishedAt: string }[];
}

export interface StatusOverview {
  generatedAt: string;
  active: IncidentSummary[];
  past: Pick<IncidentSummary, "slug" | "title" | "status" | "startedAt" | "resolvedAt">[];
}

export async function getStatusOverview(db: DbClient): Promise<StatusOverview> {
  const incidents = await db.incident.findMany({
    where: { publishedAt: { not: null } },
    orderBy: { startedAt: "desc" },
    take: 50,
    include: {
      updates: { orderBy: { publishedAt: "desc" }, take: 1 },
      categories: { orderBy: { position: "asc" }, include: { aggregate: true } },
      letters: { where: { publishedAt: { not: null } }, orderBy: { publishedAt: "asc" } },
    },
  });

  const active: IncidentSummary[] = [];
  const past: StatusOverview["past"] = [];
  for (const incident of incidents) {
    if (incident.status === "resolved") {
      past.push({
        slug: incident.slug,
        title: incident.title,
        status: incident.status,
        startedAt: incident.startedAt.toISOString(),
        resolvedAt: incident.resolvedAt?.toISOString() ?? null,
      });
      continue;
    }
    const latest = incident.updates[0];
    active.push({
      slug: incident.slug,
      title: incident.title,
      summary: incident.summary,
      advice: incident.advice,
      status: incident.status,
      impact: incident.impact,
      startedAt: incident.startedAt.toISOString(),
      resolvedAt: incident.resolvedAt?.toISOString() ?? null,
      latestUpdate: latest
        ? { status: latest.status, body: latest.body, publishedAt: latest.publishedAt.toISOString() }
        : null,
      categories: incident.categories.map((c) => {
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
          itemsTotal: Number(a?.itemsTotal ?? 0),
          itemsRestored: Number(a?.itemsRestored ?? 0),
        };
      }),
      letters: incident.letters.map((l) => ({
        slug: l.slug,
        title: l.title,
        publishedAt: (l.publishedAt ?? l.createdAt).toISOString(),
      })),
    });
  }
  return { generatedAt: new Date().toISOString(), active, past };
}
