import { z } from "zod";
import { publicUrl } from "../env";
import { defaultLocale } from "../i18n/locales";
import { langField } from "./lang-query";
import { getPublicSnapshot, type PublicSnapshot } from "./public-snapshot";

/** Query of GET /api/v1/incidents. One schema for parsing and documentation. */
export const listIncidentsQuerySchema = z.object({
  page: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be 1 or more").max(100_000, "must be at most 100000").default(1),
  limit: z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be 1 or more").max(100, "must be at most 100").default(20),
  lang: langField,
});
export type ListIncidentsQuery = z.infer<typeof listIncidentsQuerySchema>;

export const incidentListSchema = z
  .strictObject({
    generatedAt: z.iso.datetime(),
    ageSeconds: z.number().int().min(0),
    stale: z.boolean(),
    page: z.number().int(),
    limit: z.number().int(),
    total: z.number().int(),
    totalPages: z.number().int(),
    incidents: z.array(
      z
        .strictObject({
          slug: z.string(),
          locale: z.string().meta({ description: "The language of title and summary." }),
          fallback: z.boolean().meta({ description: "True when the asked language has no translation: the incident's default language is given." }),
          title: z.string(),
          summary: z.string(),
          status: z.string(),
          impact: z.string(),
          startedAt: z.iso.datetime(),
          resolvedAt: z.iso.datetime().nullable(),
          publishedAt: z.iso.datetime(),
          updatedAt: z.iso.datetime().meta({ description: "The latest update's time, or the publication's." }),
          updates: z.number().int().meta({ description: "How many updates it has." }),
          url: z.url(),
        })
        .meta({ id: "V1IncidentListItem" }),
    ),
  })
  .meta({ id: "V1IncidentList" });

export type IncidentList = z.infer<typeof incidentListSchema>;
export type IncidentListItem = IncidentList["incidents"][number];

/** Published incidents, newest first, one page at a time. */
export async function listIncidents(query: ListIncidentsQuery, snapshot?: PublicSnapshot): Promise<IncidentList> {
  const s = snapshot ?? (await getPublicSnapshot(query.lang));
  const base = publicUrl();
  const all = s.data.incidents;
  const from = (query.page - 1) * query.limit;
  return {
    generatedAt: s.data.generatedAt,
    ageSeconds: Math.round(s.ageSeconds),
    stale: s.stale,
    page: query.page,
    limit: query.limit,
    total: all.length,
    totalPages: Math.ceil(all.length / query.limit),
    incidents: all.slice(from, from + query.limit).map((i) => ({
      slug: i.slug,
      locale: i.locale ?? i.defaultLocale ?? "en",
      fallback: i.fallback ?? false,
      title: i.title,
      summary: i.summary,
      status: i.status,
      impact: i.impact,
      startedAt: i.startedAt,
      resolvedAt: i.resolvedAt,
      publishedAt: i.publishedAt,
      updatedAt: i.updates[0]?.publishedAt ?? i.publishedAt,
      updates: i.updates.length,
      url: `${base}${query.lang === defaultLocale ? "" : `/${query.lang}`}/incidents/${encodeURIComponent(i.slug)}`,
    })),
  };
}
