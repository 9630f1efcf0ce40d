import { Parser, type CsvError } from "csv-parse";
import { Transform, type Readable } from "node:stream";
import { importAccountSchema, importColumns, importImpactSchema, maxRowBytes, optionalColumns, type ImportError, type ImportRow } from "./import-format";

/**
 * Streams an import file and yields each data row, validated, with the line it starts on.
 * Memory stays flat whatever the file size: nothing but the current row is held.
 *
 * Line numbers are counted here from each record's values, not taken from csv-parse:
 * its own numbers drift on CRLF inside quotes and point past an unclosed quote
 * (docs/readme/imports.md). A problem with one row is yielded as an "invalid" item and
 * reading goes on; a problem with the file itself (binary, empty, no header, unclosed
 * quote, a giant row) stops reading with an ImportFileError naming the line.
 */
export type ReadItem =
  | { kind: "row"; line: number; row: ImportRow & { categoryId: number } }
  | { kind: "invalid"; line: number; errors: ImportError[] };

export class ImportFileError extends Error {
  constructor(readonly error: ImportError) {
    super(`line ${error.line}${error.field ? `, ${error.field}` : ""}: ${error.reason}`);
    this.name = "ImportFileError";
  }
}

export interface ReadOptions {
  /** The incident's categories: key -> id. A row naming another key is invalid. */
  categories: ReadonlyMap<string, number>;
  /** Called with the bytes read so far (for the progress bar). */
  onBytes?: (bytes: number) => void;
}

/**
 * csv-parse ends a broken file by destroying its stream, and a destroyed stream's
 * iterator drops the records still buffered: the consumer, which counts lines as it
 * reads (and awaits the database in between), would then point at a line before the
 * broken record. This parser keeps the error, ends its output normally so every record
 * before the error is read, and the reader throws the error after the last of them.
 */
class SettlingParser extends Parser {
  parseError: CsvError | null = null;

  override _transform(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    super._transform(chunk, encoding, (error?: Error | null) => this.settle(error, callback));
  }

  override _flush(callback: (error?: Error | null) => void): void {
    super._flush((error?: Error | null) => this.settle(error, callback));
  }

  private settle(error: Error | null | undefined, callback: (error?: Error | null) => void): void {
    if (!error) return callback();
    this.parseError = error as CsvError;
    this.push(null);
    callback();
  }
}

function parserMessage(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field that starts in this row is never closed (a missing \")";
    case "CSV_MAX_RECORD_SIZE":
      return `the row is longer than ${maxRowBytes.toLocaleString("en-US")} characters`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return "a quoted field is followed by other characters before the next comma (write \"\" for a quote inside a quoted field)";
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return "characters after a closing quote";
    default:
      return error.message.replace(/ at line \d+.*$/, "");
  }
}

/**
 * How many lines a record used: its own terminator plus the line breaks inside quoted
 * fields (which csv-parse keeps in the values, "\r\n" or "\n" alike).
 */
function linesOf(record: string[]): number {
  let n = 1;
  for (const field of record) {
    for (let i = field.indexOf("\n"); i !== -1; i = field.indexOf("\n", i + 1)) n++;
  }
  return n;
}

export async function* readImportFile(source: Readable, options: ReadOptions): AsyncGenerator<ReadItem> {
  let bytes = 0;
  let binary = false;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      options.onBytes?.(bytes);
      if (chunk.includes(0)) {
        binary = true;
        callback(new Error("binary"));
        return;
      }
      callback(null, chunk);
    },
  });
  const parser = new SettlingParser({
    bom: true,
    relax_column_count: true,
    max_record_size: maxRowBytes,
    record_delimiter: ["\r\n", "\n"],
  });
  source.on("error", (e) => parser.destroy(e));
  guard.on("error", (e) => parser.destroy(e));
  source.pipe(guard).pipe(parser);

  let nextLine = 1;
  let header: string[] | null = null;
  let dataRows = 0;
  const cache: ValidationCache = { accountKey: null, account: null, impacts: new Map() };
  const binaryError = (): ImportFileError =>
    new ImportFileError({ line: nextLine, field: null, reason: "the file contains NUL bytes: it is a binary file, not CSV text" });

  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine += linesOf(record);
      if (record.length === 1 && record[0]!.trim() === "") continue; // blank line
      if (!header) {
        header = readHeader(record, line);
        continue;
      }
      dataRows++;
      yield validateRecord(record, header, line, options.categories, cache);
    }
    if (parser.parseError) throw parser.parseError;
  } catch (error) {
    if (binary) throw binaryError();
    if (error instanceof ImportFileError) throw error;
    const csvError = error as CsvError;
    if (typeof csvError.code === "string" && csvError.code.startsWith("CSV_")) {
      throw new ImportFileError({ line: nextLine, field: null, reason: parserMessage(csvError) });
    }
    throw error;
  } finally {
    // After a parse error the parser takes no more input: close the file.
    source.destroy();
  }
  if (binary) throw binaryError();
  if (!header) {
    throw new ImportFileError({ line: 1, field: null, reason: `the file is empty: expected a header row (${importColumns.join(",")})` });
  }
  if (dataRows === 0) {
    throw new ImportFileError({ line: nextLine, field: null, reason: "the file has a header but no data rows" });
  }
}

function readHeader(record: string[], line: number): string[] {
  const names = record.map((name) => name.trim().toLowerCase());
  const seen = new Set<string>();
  for (const name of names) {
    if (!(importColumns as readonly string[]).includes(name)) {
      throw new ImportFileError({
        line,
        field: name || null,
        reason: `unknown column "${name}" in the header: expected ${importColumns.join(",")}`,
      });
    }
    if (seen.has(name)) throw new ImportFileError({ line, field: name, reason: `column "${name}" appears twice in the header` });
    seen.add(name);
  }
  const missing = importColumns.filter((c) => !seen.has(c) && !optionalColumns.includes(c));
  if (missing.length > 0) {
    throw new ImportFileError({ line, field: missing[0]!, reason: `the header lacks the required column(s) ${missing.join(", ")}` });
  }
  return names;
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
  impacts: Map<string, ImpactPart>;
}
const maxCachedImpacts = 50_000;

function toErrors(errors: ImportError[], line: number, issues: readonly { path: PropertyKey[]; message: string }[]): void {
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "");
    errors.push({ line, field: field || null, reason: issue.message });
  }
}

function validateRecord(
  record: string[],
  header: string[],
  line: number,
  categories: ReadonlyMap<string, number>,
  cache: ValidationCache,
): ReadItem {
  if (record.length !== header.length) {
    return {
      kind: "invalid",
      line,
      errors: [{ line, field: null, reason: `the row has ${record.length} fields, the header has ${header.length}` }],
    };
  }
  const input: Record<string, string> = {};
  for (let i = 0; i < header.length; i++) {
    const value = record[i]!;
    if (value.includes("\uFFFD")) {
      return { kind: "invalid", line, errors: [{ line, field: null, reason: "the row is not valid UTF-8 text" }] };
    }
    input[header[i]!] = value;
  }
  const errors: ImportError[] = [];
  const accountKey = `${input.account_ref}\u0000${input.email}\u0000${input.display_name}\u0000${input.locale ?? ""}`;
  let account = cache.accountKey === accountKey ? cache.account : null;
  if (!account) {
    const parsed = importAccountSchema.safeParse(input);
    if (parsed.success) {
      account = parsed.data;
      cache.accountKey = accountKey;
      cache.account = account;
    } else {
      toErrors(errors, line, parsed.error.issues);
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
      toErrors(errors, line, parsed.error.issues);
    }
  }
  const categoryKey = (input.category ?? "").trim().toLowerCase();
  const categoryId = categories.get(categoryKey);
  if (categoryKey && categoryId === undefined) {
    errors.push({
      line,
      field: "category",
      reason: `unknown category "${categoryKey.slice(0, 50)}": this incident has ${[...categories.keys()].join(", ")}`,
    });
  }
  if (!account || !impact || errors.length > 0 || categoryId === undefined) {
    // Report in column order, as a person reads the row.
    errors.sort((a, b) => header.indexOf(a.field ?? "") - header.indexOf(b.field ?? ""));
    return { kind: "invalid", line, errors };
  }
  return { kind: "row", line, row: { ...account, ...impact, categoryId } };
}
