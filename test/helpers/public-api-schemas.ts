import { z } from "zod";

/** The JSON contracts of docs/readme/portal.md, checked field by field. */
export const statusSchema = z.strictObject({
  generatedAt: z.iso.datetime(),
  ageSeconds: z.number().int().min(0),
  stale: z.boolean(),
  status: z.enum(["operational", "degraded", "partial_outage", "major_outage"]),
  incidents: z.array(
    z.strictObject({
      slug: z.string(),
      title: z.string(),
      status: z.string(),
      impact: z.string(),
      startedAt: z.iso.datetime(),
      resolvedAt: z.iso.datetime().nullable(),
      url: z.url(),
      latestUpdate: z.strictObject({ status: z.string(), body: z.string(), publishedAt: z.iso.datetime() }).nullable(),
      categories: z.array(
        z.strictObject({
          key: z.string(),
          label: z.string(),
          affected: z.number().int(),
          pending: z.number().int(),
          restoring: z.number().int(),
          restored: z.number().int(),
          partial: z.number().int(),
          unrecoverable: z.number().int(),
          itemsTotal: z.number().int(),
          itemsRestored: z.number().int(),
          percentRestored: z.number().min(0).max(100),
        }),
      ),
      letters: z.array(z.strictObject({ slug: z.string(), title: z.string(), url: z.url() })),
    }),
  ),
});
export const incidentsSchema = z.strictObject({
  generatedAt: z.iso.datetime(),
  ageSeconds: z.number().int().min(0),
  stale: z.boolean(),
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  totalPages: z.number().int(),
  incidents: z.array(
    z.strictObject({
      slug: z.string(),
      title: z.string(),
      summary: z.string(),
      status: z.string(),
      impact: z.string(),
      startedAt: z.iso.datetime(),
      resolvedAt: z.iso.datetime().nullable(),
      publishedAt: z.iso.datetime(),
      updatedAt: z.iso.datetime(),
      updates: z.number().int(),
      url: z.url(),
    }),
  ),
});
