import { z } from "zod";
import { ImpactState } from "../generated/prisma/enums";
import { defaultLocale, languageTagSchema, parseLanguageTag } from "../i18n/locales";

/**
 * The CSV format of the affected-accounts import (docs/readme/imports.md): one row per
 * account x data category. The same schema validates the upload, the CLI and the bench.
 */
export const importColumns = [
  "account_ref",
  "email",
  "display_name",
  "locale",
  "category",
  "state",
  "items_total",
  "items_restored",
] as const;
export type ImportColumn = (typeof importColumns)[number];

/** Columns that may be left out of the header (their cells default). */
export const optionalColumns: readonly ImportColumn[] = ["locale", "state", "items_total", "items_restored"];

/** A blank cell is a missing value. */
export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** An item count cell: blank, or a whole number from 0. */
export const itemCountSchema = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(0, "must not be negative")
    .max(2_000_000_000, "must be at most 2,000,000,000")
    .optional(),
);

/** The account's key in the customer's own system (the import creates accounts by it). */
export const accountRefSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(100, "must be at most 100 characters")
  .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters or line breaks");

/** A data category key of the incident (matched lower-cased). */
export const categoryKeySchema = z.string().trim().toLowerCase().min(1, "is required");

const states = Object.values(ImpactState) as [ImpactState, ...ImpactState[]];
/** A state cell (a blank one is missing: "is required", unless the format defaults it). */
export const impactStateSchema = z.enum(states, {
  error: (issue) => (issue.input === undefined ? "is required" : `must be one of ${states.join(", ")}`),
});

/** Why a row's category key is refused, naming the keys the incident has. */
export function unknownCategoryReason(key: string, categories: ReadonlyMap<string, number>): string {
  return `unknown category "${key.slice(0, 50)}": this incident has ${[...categories.keys()].join(", ")}`;
}

/** The account's own fields: the same on every row of one account. */
export const importAccountSchema = z.object({
  account_ref: accountRefSchema,
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "must be at most 254 characters")
    .pipe(z.email("is not a valid email address")),
  display_name: z
    .string()
    .trim()
    .min(1, "is required")
    .max(200, "must be at most 200 characters")
    .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters or line breaks"),
  /** A BCP 47 tag, stored as the shipped language it maps to (`es-MX` -> `es`); see localeWarning. */
  locale: z.preprocess(blankToUndefined, z.string().max(35, "is not a language tag (BCP 47) such as en or pt-BR").pipe(languageTagSchema).default(defaultLocale)),
});

/**
 * A well-formed tag of a language the portal does not ship (`ja`) is imported as the default
 * language, with this warning for the row's line; a malformed one is an error (the schema).
 */
export function localeWarning(cell: string | undefined): string | null {
  if (cell === undefined || cell.trim() === "") return null;
  const parsed = parseLanguageTag(cell);
  if (!parsed.ok || parsed.supported) return null;
  return `"${cell.trim().slice(0, 35)}" is not a language the portal ships: read as ${parsed.locale} (${defaultLocale} is the default)`;
}

const impactFields = {
  category: categoryKeySchema,
  state: z.preprocess(blankToUndefined, impactStateSchema.default("pending")),
  items_total: itemCountSchema,
  items_restored: itemCountSchema,
};
/** items_restored <= items_total when both are given (a refine for a row schema). */
export const restoredNotAboveTotal = {
  check: (r: { items_total?: number | undefined; items_restored?: number | undefined }) =>
    r.items_restored === undefined || r.items_total === undefined || r.items_restored <= r.items_total,
  params: { path: ["items_restored"], message: "must not be more than items_total" },
};

/** The row's category part. */
export const importImpactSchema = z.object(impactFields).refine(restoredNotAboveTotal.check, restoredNotAboveTotal.params);

/** One whole row (the reader validates the two parts separately to skip repeated accounts). */
export const importRowSchema = z
  .object({ ...importAccountSchema.shape, ...impactFields })
  .refine(restoredNotAboveTotal.check, restoredNotAboveTotal.params);

export type ImportRow = z.infer<typeof importRowSchema>;
