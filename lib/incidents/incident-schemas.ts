import { z } from "zod";
import { locales } from "../i18n/locales";

/** One schema per form, used by the form's server action and the use case alike. */
export const incidentStatuses = ["investigating", "identified", "recovering", "monitoring", "resolved"] as const;
export const incidentImpacts = ["none", "minor", "major", "critical"] as const;

export const incidentFieldsSchema = z.object({
  title: z.string().trim().min(3, "at least 3 characters").max(200),
  summary: z.string().trim().min(3, "at least 3 characters").max(4000),
  advice: z.string().trim().max(4000).default(""),
  remedy: z.string().trim().max(4000).default(""),
  impact: z.enum(incidentImpacts),
  /** <input type="datetime-local"> sends no zone: the console works in UTC. */
  startedAt: z.preprocess(
    (v) => (typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d(:\d\d)?$/.test(v) ? `${v.length === 16 ? `${v}:00` : v}Z` : v),
    z.coerce.date({ error: "a date and time" }),
  ),
});

/** A shipped language (lib/i18n/locales.ts), as a staff form or the CLI names it. */
export const contentLocaleSchema = z.enum(locales, { error: `one of ${locales.join(", ")}` });

export const createIncidentSchema = incidentFieldsSchema.extend({
  /** The language its text is written in first; other languages are translations. */
  defaultLocale: contentLocaleSchema.default("en"),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and hyphens")
    .max(80),
  /**
   * "Contacts, Calendar, Photos" (the console's free labels) or a list of
   * { key, label } (the CLI's known keys, lib/incidents/data-categories.ts): the kinds
   * of data affected, in order.
   */
  categories: z
    .union([
      z
        .string()
        .trim()
        .min(1, "name at least one kind of data")
        .transform((s) =>
          s
            .split(/[,\n]/)
            .map((label) => label.trim())
            .filter(Boolean)
            .map((label) => ({ label, key: label.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") })),
        ),
      z.array(z.object({ key: z.string(), label: z.string().trim() })),
    ])
    .pipe(
      z
        .array(z.object({ label: z.string().min(1).max(60), key: z.string().min(1, "a category needs letters or digits").max(40) }))
        .min(1, "name at least one kind of data")
        .max(20)
        .refine((list) => new Set(list.map((c) => c.key)).size === list.length, "each kind of data once"),
    ),
});
export type CreateIncidentInput = z.input<typeof createIncidentSchema>;

export const updateIncidentSchema = incidentFieldsSchema.extend({
  id: z.uuid(),
  /** Relabels the default text's language; refused when that language already has a translation. */
  defaultLocale: contentLocaleSchema.optional(),
  /** The version the editor's form was based on. */
  version: z.coerce.number().int().min(1),
});
export type UpdateIncidentInput = z.input<typeof updateIncidentSchema>;

export const postIncidentUpdateSchema = z.object({
  incidentId: z.uuid(),
  status: z.enum(incidentStatuses),
  body: z.string().trim().min(3, "at least 3 characters").max(20_000),
  notifySubscribers: z
    .union([z.boolean(), z.enum(["on", "true", "false", ""])])
    .optional()
    .transform((v) => v === true || v === "on" || v === "true"),
  /** Publish the incident with this update when it is still a draft (the CLI's publish-update). */
  publishIncident: z.boolean().optional().default(false),
});
export type PostIncidentUpdateInput = z.input<typeof postIncidentUpdateSchema>;

/** An incident's title, summary, advice and remedy in a language other than its default. */
export const incidentTranslationSchema = z.object({
  incidentId: z.uuid(),
  locale: contentLocaleSchema,
  title: z.string().trim().min(3, "at least 3 characters").max(200),
  summary: z.string().trim().min(3, "at least 3 characters").max(4000),
  advice: z.string().trim().max(4000).default(""),
  remedy: z.string().trim().max(4000).default(""),
});
export type IncidentTranslationInput = z.input<typeof incidentTranslationSchema>;

/**
 * The kinds of data's labels in one language other than the incident's default: one field
 * `label-<categoryId>` per category (the console's form); an empty label removes that
 * language's label, so readers get the stock words of a known key or the default's label.
 */
const labelField = /^label-(\d+)$/;
export const categoryLabelsSchema = z
  .object({ incidentId: z.uuid(), locale: contentLocaleSchema })
  .catchall(z.string().trim().max(60, "at most 60 characters"))
  .transform(({ incidentId, locale, ...fields }) => ({
    incidentId,
    locale,
    labels: Object.entries(fields).flatMap(([field, label]) => {
      const id = labelField.exec(field)?.[1];
      return id === undefined ? [] : [{ categoryId: Number(id), label }];
    }),
  }));
export type CategoryLabelsInput = z.input<typeof categoryLabelsSchema>;

/** An update's body in a language other than its incident's default. */
export const updateTranslationSchema = z.object({
  updateId: z.uuid(),
  locale: contentLocaleSchema,
  body: z.string().trim().min(3, "at least 3 characters").max(20_000),
});
export type UpdateTranslationInput = z.input<typeof updateTranslationSchema>;

/** Removes one language of an incident, an update or a letter draft (readers fall back to the default). */
export const removeTranslationSchema = z.object({
  target: z.enum(["incident", "update", "letter"]),
  id: z.uuid(),
  locale: contentLocaleSchema,
});

export function incidentPublicPath(slug: string): string {
  return `/incidents/${slug}`;
}
