import { z } from "zod";
import { AppError } from "../errors";
import type { Locale } from "../i18n/locales";
import { langField } from "../public/lang-query";
import { getPublicStatus, type OverallStatus, type StatusOverview } from "../status/get-status-overview";
import type { PublicSnapshot } from "../public/public-snapshot";

/**
 * What the badge and the widget show, from the public snapshot (no query while it is
 * fresh, the last good copy when the database is down): the overall state and the
 * share of affected account x category pairs restored, for every open incident or one,
 * in the language of `?lang=` (incident titles, kinds of data and the widget's own words).
 */
export const embedQuerySchema = z.object({
  incident: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "an incident's address")
    .max(80)
    .optional(),
  lang: langField,
});
export type EmbedQuery = z.input<typeof embedQuerySchema>;

export interface EmbedStatus {
  locale: Locale;
  overall: OverallStatus;
  /** Restored accounts over affected ones, all categories together; null when none are affected. */
  percentRestored: number | null;
  incidents: { slug: string; title: string; status: string; categories: { label: string; percentRestored: number }[] }[];
  generatedAt: string;
  stale: boolean;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function toEmbedStatus(overview: StatusOverview, incidentSlug?: string, locale: Locale = "en"): EmbedStatus {
  const incidents = incidentSlug ? overview.active.filter((i) => i.slug === incidentSlug) : overview.active;
  if (incidentSlug && incidents.length === 0 && !overview.past.some((p) => p.slug === incidentSlug)) {
    throw new AppError("NOT_FOUND", "No published incident has this address.", { field: "incident" });
  }
  let restored = 0;
  let affected = 0;
  for (const c of incidents.flatMap((i) => i.categories)) {
    restored += c.restored;
    affected += c.affected;
  }
  const impactRank = ["operational", "degraded", "partial_outage", "major_outage"] as const;
  const byImpact: Record<string, OverallStatus> = { none: "operational", minor: "degraded", major: "partial_outage", critical: "major_outage" };
  // One incident: its own impact; all: the page's overall state.
  const overall = incidentSlug
    ? incidents.reduce<OverallStatus>((w, i) => {
        const level = byImpact[i.impact] ?? "degraded";
        return impactRank.indexOf(level) > impactRank.indexOf(w) ? level : w;
      }, "operational")
    : overview.overall;
  return {
    locale,
    overall,
    percentRestored: affected > 0 ? round1((restored / affected) * 100) : null,
    incidents: incidents.map((i) => ({
      slug: i.slug,
      title: i.title,
      status: i.status,
      categories: i.categories.map((c) => ({ label: c.label, percentRestored: c.affected > 0 ? round1((c.restored / c.affected) * 100) : 100 })),
    })),
    generatedAt: overview.generatedAt,
    stale: overview.stale,
  };
}

export async function getEmbedStatus(query: z.infer<typeof embedQuerySchema>, snapshot?: PublicSnapshot): Promise<EmbedStatus> {
  return toEmbedStatus(await getPublicStatus(query.lang, snapshot), query.incident, query.lang);
}

export const badgeQuerySchema = embedQuerySchema.extend({
  style: z.enum(["flat", "flat-square", "plastic", "for-the-badge"]).default("flat"),
});
