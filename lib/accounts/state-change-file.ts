import { createHash } from "node:crypto";
import { z } from "zod";
import type { DbClient } from "../db";
import type { ImpactState } from "../generated/prisma/enums";
import {
  accountRefSchema,
  blankToUndefined,
  categoryKeySchema,
  impactStateSchema,
  itemCountSchema,
  restoredNotAboveTotal,
  unknownCategoryReason,
} from "../imports/import-format";
import { firstErrorsByLine, ImportFileError, maxReportedErrors, readCsvFile, rowErrors, type CsvValues, type ImportError, type InvalidRow } from "../imports/read-csv-file";
import type { UploadSource } from "../imports/upload-source";
import type { StateChange } from "../restores/apply-state-changes";

/**
 * The CSV format of a bulk state change (docs/readme/imports.md): one row per account x
 * data category, naming the state it moves to. The columns are the pipeline API's item
 * fields (account, category, state, itemsRestored, itemsTotal, note) spelled as in the
 * accounts import file, and each cell is validated by the import's own schema for it.
 */
export const stateChangeColumns = ["account_ref", "category", "state", "items_restored", "items_total", "note"] as const;
export const stateChangeOptionalColumns: readonly string[] = ["items_restored", "items_total", "note"];

export const stateChangeRowSchema = z
  .object({
    account_ref: accountRefSchema,
    category: categoryKeySchema,
    state: z.preprocess(blankToUndefined, impactStateSchema),
    items_restored: itemCountSchema,
    items_total: itemCountSchema,
    note: z.preprocess(blankToUndefined, z.string().trim().max(1_000, "must be at most 1,000 characters").optional()),
  })
  .refine(restoredNotAboveTotal.check, restoredNotAboveTotal.params);
export type StateChangeRow = z.infer<typeof stateChangeRowSchema>;

/**
 * Reading a file is done inside a transaction, set-based: the valid rows are streamed
 * into a temporary table (dropped at the end of the transaction), then ONE statement
 * resolves every account reference, finds the rows that name an account and category
 * twice or an account the incident does not affect, and marks them rejected. The
 * remaining rows are then walked in chunks (stateChangeChunks) for the dry run's
 * preview or the confirmation's applyStateChanges. Memory stays flat: no set of keys
 * in JavaScript (docs/decisions/007-imports-staging-and-merge.md says why).
 */
const rowsTable = `"state_change_file"`;
const insertBatch = 5_000;
const chunkSize = 20_000;

export interface LoadedStateChangeFile {
  rowsRead: number;
  rejected: number;
  /** The first errors by line. */
  errors: ImportError[];
  /** Set when the file cannot be read as a whole (binary, empty, bad header, unclosed quote): reading stopped there. */
  fileError: ImportError | null;
  /** Of the bytes read: the dry run and the confirmation must have read the same file. */
  sha256: string;
}

interface PendingRow {
  kind: "row";
  line: number;
  row: StateChangeRow;
  categoryId: number;
}

export async function loadStateChangeFile(tx: DbClient, source: UploadSource, incidentId: string): Promise<LoadedStateChangeFile> {
  const categories = await tx.dataCategory.findMany({ where: { incidentId }, orderBy: { position: "asc" }, select: { id: true, key: true } });
  const categoryIds = new Map(categories.map((c) => [c.key, c.id]));
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE ${rowsTable} (
       "line" int PRIMARY KEY, "account_ref" text NOT NULL, "category_id" int NOT NULL, "state" text NOT NULL,
       "items_restored" int, "items_total" int, "note" text, "rejected" boolean NOT NULL DEFAULT false
     ) ON COMMIT DROP`,
  );

  const hash = createHash("sha256");
  let rowsRead = 0;
  let rejected = 0;
  const errors: ImportError[] = [];
  let fileError: ImportError | null = null;
  let pending: PendingRow[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    await tx.$executeRawUnsafe(
      `INSERT INTO ${rowsTable} ("line", "account_ref", "category_id", "state", "items_restored", "items_total", "note")
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::int[], $6::int[], $7::text[])`,
      rows.map((r) => r.line),
      rows.map((r) => r.row.account_ref),
      rows.map((r) => r.categoryId),
      rows.map((r) => r.row.state),
      rows.map((r) => r.row.items_restored ?? null),
      rows.map((r) => r.row.items_total ?? null),
      rows.map((r) => r.row.note ?? null),
    );
  };
  const reject = (rowErrorList: ImportError[]) => {
    rejected++;
    // Rows arrive in line order, so the first errors kept are the first by line.
    if (errors.length < maxReportedErrors) errors.push(...rowErrorList.slice(0, maxReportedErrors - errors.length));
  };

  const validate = (values: CsvValues, line: number): PendingRow | InvalidRow => {
    const parsed = stateChangeRowSchema.safeParse(values);
    const categoryKey = (values.category ?? "").trim().toLowerCase();
    const categoryId = categoryIds.get(categoryKey);
    const unknownCategory = categoryKey && categoryId === undefined ? [{ line, field: "category", reason: unknownCategoryReason(categoryKey, categoryIds) }] : [];
    if (!parsed.success || categoryId === undefined) {
      return { kind: "invalid", line, errors: rowErrors(line, values, parsed.success ? [] : parsed.error.issues, unknownCategory) };
    }
    return { kind: "row", line, row: parsed.data, categoryId };
  };

  try {
    const rows = readCsvFile(source.open(), { columns: stateChangeColumns, optional: stateChangeOptionalColumns }, validate, {
      onChunk: (chunk) => hash.update(chunk),
    });
    for await (const item of rows) {
      rowsRead++;
      if (item.kind === "invalid") {
        reject(item.errors);
        continue;
      }
      pending.push(item);
      if (pending.length >= insertBatch) await flush();
    }
    await flush();
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    fileError = error.error;
  }
  if (fileError) {
    return { rowsRead, rejected, errors: firstErrorsByLine([...errors, fileError]), fileError, sha256: hash.digest("hex") };
  }

  // A temporary table is never analysed by autovacuum: without this the planner guesses its size.
  await tx.$executeRawUnsafe(`ANALYZE ${rowsTable}`);
  const problems = await tx.$queryRawUnsafe<(ImportError & { rejected: number })[]>(
    `WITH "resolved" AS (
       SELECT r."line", r."account_ref", c."key" AS "category", a."id" AS "account_id", im."id" AS "impact_id",
              r."items_restored", coalesce(r."items_total", im."items_total") AS "items_total",
              row_number() OVER "pair" AS "pair_rank", first_value(r."line") OVER "pair" AS "pair_first"
       FROM ${rowsTable} r
       JOIN "data_category" c ON c."id" = r."category_id"
       LEFT JOIN "account" a ON a."external_ref" = r."account_ref"
       LEFT JOIN "impact" im ON im."account_id" = a."id" AND im."category_id" = r."category_id"
       WINDOW "pair" AS (PARTITION BY r."account_ref", r."category_id" ORDER BY r."line")
     ), "problems" AS (
       SELECT "line",
              CASE WHEN "account_id" IS NULL THEN 'account_ref'
                   WHEN "pair_rank" > 1 OR "impact_id" IS NULL THEN 'category'
                   ELSE 'items_restored' END AS "field",
              CASE WHEN "account_id" IS NULL THEN 'unknown account "' || "account_ref" || '"'
                   WHEN "pair_rank" > 1 THEN 'account ' || "account_ref" || ' already has a row for ' || "category" || ' on line ' || "pair_first"
                   WHEN "impact_id" IS NULL THEN 'account ' || "account_ref" || ' has no ' || "category" || ' in this incident'
                   ELSE 'must not be more than items_total (' || "items_total" || ' for this account and category)' END AS "reason"
       FROM "resolved"
       WHERE "account_id" IS NULL OR "pair_rank" > 1 OR "impact_id" IS NULL OR "items_restored" > "items_total"
     ), "marked" AS (
       UPDATE ${rowsTable} r SET "rejected" = true FROM "problems" p WHERE r."line" = p."line" RETURNING 1
     )
     SELECT p."line", p."field", p."reason", (SELECT count(*)::int FROM "marked") AS "rejected"
     FROM "problems" p ORDER BY p."line" LIMIT ${maxReportedErrors}`,
  );
  const setRejected = problems[0]?.rejected ?? 0;
  return {
    rowsRead,
    rejected: rejected + setRejected,
    errors: firstErrorsByLine([...errors, ...problems.map(({ line, field, reason }) => ({ line, field, reason }))]),
    fileError: null,
    sha256: hash.digest("hex"),
  };
}

/**
 * The accepted rows of the loaded file as applyStateChanges items, in line order, in
 * chunks. A row without its own note gets `defaultNote`.
 */
export async function* stateChangeChunks(tx: DbClient, defaultNote: string | null): AsyncGenerator<{ lines: number[]; changes: StateChange[] }> {
  let after = 0;
  for (;;) {
    const rows = await tx.$queryRawUnsafe<
      { line: number; account_id: number; category_id: number; state: ImpactState; items_restored: number | null; items_total: number | null; note: string | null }[]
    >(
      `SELECT r."line", a."id" AS "account_id", r."category_id", r."state", r."items_restored", r."items_total", r."note"
       FROM ${rowsTable} r JOIN "account" a ON a."external_ref" = r."account_ref"
       WHERE NOT r."rejected" AND r."line" > $1
       ORDER BY r."line" LIMIT ${chunkSize}`,
      after,
    );
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.line;
    yield {
      lines: rows.map((r) => r.line),
      changes: rows.map((r) => ({
        accountId: r.account_id,
        categoryId: r.category_id,
        toState: r.state,
        itemsRestored: r.items_restored,
        itemsTotal: r.items_total,
        note: r.note ?? defaultNote,
      })),
    };
  }
}
