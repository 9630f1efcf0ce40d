import { z } from "zod";
import { contentLocaleSchema } from "../incidents/incident-schemas";

export const letterFieldsSchema = z.object({
  title: z.string().trim().min(3, "at least 3 characters").max(200),
  body: z.string().trim().min(10, "at least 10 characters").max(50_000),
  signatoryName: z.string().trim().min(2).max(120),
  signatoryTitle: z.string().trim().min(2).max(120),
});

export const createLetterSchema = letterFieldsSchema.extend({
  incidentId: z.uuid(),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and hyphens")
    .max(80),
  kind: z.enum(["letter", "post_incident_report"]).default("letter"),
});
export type CreateLetterInput = z.input<typeof createLetterSchema>;

/** A post-incident report starts from the template of its sections (lib/letters/post-incident-report.ts). */
export const createPostIncidentReportSchema = createLetterSchema.omit({ body: true, kind: true });
export type CreatePostIncidentReportInput = z.input<typeof createPostIncidentReportSchema>;

export const saveLetterSchema = letterFieldsSchema.extend({
  id: z.uuid(),
  version: z.coerce.number().int().min(1),
});
export type SaveLetterInput = z.input<typeof saveLetterSchema>;

/** A letter's working copy in a language other than its incident's default. `version` 0: a new translation. */
export const saveLetterTranslationSchema = letterFieldsSchema.extend({
  id: z.uuid(),
  locale: contentLocaleSchema,
  version: z.coerce.number().int().min(0).default(0),
});
export type SaveLetterTranslationInput = z.input<typeof saveLetterTranslationSchema>;

export const publishLetterSchema = z.object({
  id: z.uuid(),
  /** The language to publish: its own working copy becomes its own next revision. Default: the incident's default language. */
  locale: z.union([contentLocaleSchema, z.literal("")]).optional().transform((v) => v || undefined),
  version: z.coerce.number().int().min(1),
  /** Required for every publication after the first: what changed and why. */
  correctionNote: z.string().trim().max(2000).optional().default(""),
  /** Email this revision, personalised, to confirmed subscribers and affected accounts. */
  emailRecipients: z
    .union([z.boolean(), z.enum(["on", "true", "false", ""])])
    .optional()
    .transform((v) => v === true || v === "on" || v === "true"),
});
export type PublishLetterInput = z.input<typeof publishLetterSchema>;

export const mergePreviewSchema = z.object({
  id: z.uuid(),
  externalRef: z.string().trim().min(1, "an account reference").max(100),
});

export function letterPublicPath(slug: string): string {
  return `/letters/${slug}`;
}
