import { z } from "zod";
import { publicUrl } from "../env";
import type { StatusOverview } from "./get-status-overview";

/**
 * The stable JSON of GET /api/v1/status (documented in docs/readme/portal.md). Field
 * names and meanings do not change within v1; new fields may be added. The schema is
 * the one source: it types the mapping below, documents the API (/api/openapi.json) and
 * checks the answers in the tests.
 */
const categorySchema = z
  .strictObject({
    key: z.string(),
    label: z.string(),
    affected: z.number().int().meta({ description: "Accounts for which this kind of data was affected." }),
    pending: z.number().int(),
    restoring: z.number().int(),
    restored: z.number().int(),
    partial: z.number().int(),
    unrecoverable: z.number().int(),
    itemsTotal: z.number().int(),
    itemsRestored: z.number().int(),
    percentRestored: z.number().min(0).max(100).meta({ description: "restored / affected, one decimal." }),
  })
  .meta({ id: "V1CategoryProgress" });

export const statusDocumentSchema = z
  .strictObject({
    generatedAt: z.iso.datetime().meta({ description: "When the figures were read from the database." }),
    ageSeconds: z.number().int().min(0),
    stale: z.boolean().meta({ description: "True when the database could not be read on the last attempt: the figures are the last good copy." }),
    status: z.enum(["operational", "degraded", "partial_outage", "major_outage"]),
    incidents: z.array(
      z
        .strictObject({
          slug: z.string(),
          title: z.string(),
          status: z.string(),
          impact: z.string(),
          startedAt: z.iso.datetime(),
          resolvedAt: z.iso.datetime().nullable(),
          url: z.url(),
          latestUpdate: z.strictObject({ status: z.string(), body: z.string(), publishedAt: z.iso.datetime() }).nullable(),
          categories: z.array(categorySchema),
          letters: z.array(z.strictObject({ slug: z.string(), title: z.string(), url: z.url() })),
        })
        .meta({ id: "V1ActiveIncident" }),
    ),
  })
  .meta({ id: "V1StatusDocument" });

export type StatusDocument = z.infer<typeof statusDocumentSchema>;

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
