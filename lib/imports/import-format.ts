import { z } from "zod";
import { ImpactState } from "../generated/prisma/enums";

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

/** A row longer than this is refused (a 10 MB field is a broken export, not a name). */
export const maxRowBytes = 64 * 1024;
/** The first errors kept in the job report; the counts cover every row. */
export const maxReportedErrors = 100;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const count = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(0, "must not be negative")
    .max(2_000_000_000, "must be at most 2,000,000,000")
    .optional(),
);

/** The account's own fields: the same on every row of one account. */
export const importAccountSchema = z.object({
  account_ref: z
    .string()
    .trim()
    .min(1, "is required")
    .max(100, "must be at most 100 characters")
    .regex(/^[^\u0000-\u001f\u007f]+$/, "must not contain control characters or line breaks"),
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
  locale: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}([-_][A-Za-z]{2,4})?$/, "must be a language tag such as en or pt-BR")
      .default("en"),
  ),
});

const impactFields = {
  category: z.string().trim().toLowerCase().min(1, "is required"),
  state: z.preprocess(
    blankToUndefined,
    z
      .enum(Object.values(ImpactState) as [ImpactState, ...ImpactState[]], {
        error: `must be one of ${Object.values(ImpactState).join(", ")}`,
      })
      .default("pending"),
  ),
  items_total: count,
  items_restored: count,
};
const restoredNotAboveTotal = {
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

export interface ImportError {
  /** Line of the file where the row starts (1 = header). */
  line: number;
  /** Column name, or null when the error is about the whole row or file. */
  field: string | null;
  reason: string;
}
