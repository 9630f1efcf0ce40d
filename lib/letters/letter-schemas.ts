import { z } from "zod";

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
});
export type CreateLetterInput = z.input<typeof createLetterSchema>;

export const saveLetterSchema = letterFieldsSchema.extend({
  id: z.uuid(),
  version: z.coerce.number().int().min(1),
});
export type SaveLetterInput = z.input<typeof saveLetterSchema>;

export const publishLetterSchema = z.object({
  id: z.uuid(),
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
