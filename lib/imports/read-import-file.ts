import type { Readable } from "node:stream";
import { importAccountSchema, importColumns, importImpactSchema, localeWarning, optionalColumns, unknownCategoryReason, type ImportRow } from "./import-format";
import { readCsvFile, rowErrors, type CsvValues, type ImportError } from "./read-csv-file";

/**
 * Streams an import file (read-csv-file.ts: lines, BOM, CRLF, file-level errors) and
 * yields each data row, validated against the import format, with the line it starts on.
 * A problem with one row is yielded as an "invalid" item and reading goes on; a problem
 * with the file itself stops reading with an ImportFileError naming the line.
 */
export type ReadItem =
  /** `warnings`: the row is imported as read, with a default it had to take (an unsupported language). */
  | { kind: "row"; line: number; row: ImportRow & { categoryId: number }; warnings?: ImportError[] }
  | { kind: "invalid"; line: number; errors: ImportError[] };

export interface ReadOptions {
  /** The incident's categories: key -> id. A row naming another key is invalid. */
  categories: ReadonlyMap<string, number>;
  /** Called with the bytes read so far (for the progress bar). */
  onBytes?: (bytes: number) => void;
}

export function readImportFile(source: Readable, options: ReadOptions): AsyncGenerator<ReadItem> {
  const cache: ValidationCache = { accountKey: null, account: null, accountWarning: null, impacts: new Map() };
  const onBytes = options.onBytes;
  return readCsvFile(
    source,
    { columns: importColumns, optional: optionalColumns },
    (values, line) => validateRecord(values, line, options.categories, cache),
    onBytes ? { onChunk: (_chunk, bytes) => onBytes(bytes) } : {},
  );
}

type AccountPart = Pick<ImportRow, "account_ref" | "email" | "display_name" | "locale">;
type ImpactPart = Pick<ImportRow, "category" | "state" | "items_total" | "items_restored">;
/**
 * What validation already parsed. Rows of one account usually follow each other (the
 * last valid account is kept), and the impact cells repeat across a file (a few
 * categories and states, a range of counts): valid parses are kept by their raw cells,
 * up to a bound. A cache hit is the same zod parse of the same input.
 */
interface ValidationCache {
  accountKey: string | null;
  account: AccountPart | null;
  accountWarning: string | null;
  impacts: Map<string, ImpactPart>;
}
const maxCachedImpacts = 50_000;

function validateRecord(input: CsvValues, line: number, categories: ReadonlyMap<string, number>, cache: ValidationCache): ReadItem {
  const issues: { path: PropertyKey[]; message: string }[] = [];
  const accountKey = `${input.account_ref}\u0000${input.email}\u0000${input.display_name}\u0000${input.locale ?? ""}`;
  let account = cache.accountKey === accountKey ? cache.account : null;
  if (!account) {
    const parsed = importAccountSchema.safeParse(input);
    if (parsed.success) {
      account = parsed.data;
      cache.accountKey = accountKey;
      cache.account = account;
      cache.accountWarning = localeWarning(input.locale);
    } else {
      issues.push(...parsed.error.issues);
    }
  }
  const impactKey = `${input.category}\u0000${input.state ?? ""}\u0000${input.items_total ?? ""}\u0000${input.items_restored ?? ""}`;
  let impact = cache.impacts.get(impactKey) ?? null;
  if (!impact) {
    const parsed = importImpactSchema.safeParse(input);
    if (parsed.success) {
      impact = parsed.data;
      if (cache.impacts.size >= maxCachedImpacts) cache.impacts.clear();
      cache.impacts.set(impactKey, impact);
    } else {
      issues.push(...parsed.error.issues);
    }
  }
  const categoryKey = (input.category ?? "").trim().toLowerCase();
  const categoryId = categories.get(categoryKey);
  const unknownCategory = categoryKey && categoryId === undefined ? [{ line, field: "category", reason: unknownCategoryReason(categoryKey, categories) }] : [];
  if (!account || !impact || issues.length > 0 || categoryId === undefined) {
    return { kind: "invalid", line, errors: rowErrors(line, input, issues, unknownCategory) };
  }
  const row = { ...account, ...impact, categoryId };
  return cache.accountWarning ? { kind: "row", line, row, warnings: [{ line, field: "locale", reason: cache.accountWarning }] } : { kind: "row", line, row };
}
