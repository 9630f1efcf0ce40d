import { Parser, type CsvError } from "csv-parse";
import { Transform, type Readable } from "node:stream";

/**
 * Streams a CSV file of a known format (the accounts import, the bulk state change) and
 * yields each data row as the format's own `toRow` makes it from the row's cells (by
 * column name) and the line it starts on. Memory stays flat whatever the file size:
 * nothing but the current row is held.
 *
 * Line numbers are counted here from each record's values, not taken from csv-parse:
 * its own numbers drift on CRLF inside quotes and point past an unclosed quote
 * (docs/readme/imports.md). A row with the wrong number of fields or invalid UTF-8 is
 * yielded as "invalid" and reading goes on; a problem with the file itself (binary,
 * empty, a bad header, no data rows, an unclosed quote, a giant row) stops reading
 * with an ImportFileError naming the line.
 */

/** One problem in a file, as every report shows it. */
export interface ImportError {
  /** Line of the file where the row starts (1 = header). */
  line: number;
  /** Column name, or null when the error is about the whole row or file. */
  field: string | null;
  reason: string;
}

/** A row longer than this is refused (a 10 MB field is a broken export, not a name). */
export const maxRowBytes = 64 * 1024;
/** The first errors kept in a report; the counts cover every row. */
export const maxReportedErrors = 100;

export class ImportFileError extends Error {
  constructor(readonly error: ImportError) {
    super(`line ${error.line}${error.field ? `, ${error.field}` : ""}: ${error.reason}`);
    this.name = "ImportFileError";
  }
}

export interface CsvFormat {
  /** Every column the header may name (the order a person is told about). */
  columns: readonly string[];
  /** Columns the header may leave out. */
  optional: readonly string[];
}

/** A row's cells keyed by column, in the file's column order. */
export type CsvValues = Record<string, string>;

/** A row refused before its format sees it (wrong number of fields, invalid UTF-8), or by the format. */
export type InvalidRow = { kind: "invalid"; line: number; errors: ImportError[] };

export interface ReadCsvOptions {
  /** Called with each chunk of the file as read (for a progress bar or a checksum). */
  onChunk?: (chunk: Buffer, bytesSoFar: number) => void;
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

export async function* readCsvFile<Row>(
  source: Readable,
  format: CsvFormat,
  toRow: (values: CsvValues, line: number) => Row | InvalidRow,
  options: ReadCsvOptions = {},
): AsyncGenerator<Row | InvalidRow> {
  let bytes = 0;
  let binary = false;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      options.onChunk?.(chunk, bytes);
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
  const binaryError = (): ImportFileError =>
    new ImportFileError({ line: nextLine, field: null, reason: "the file contains NUL bytes: it is a binary file, not CSV text" });

  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine += linesOf(record);
      if (record.length === 1 && record[0]!.trim() === "") continue; // blank line
      if (!header) {
        header = readHeader(record, line, format);
        continue;
      }
      dataRows++;
      yield toItem(record, header, line, toRow);
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
    throw new ImportFileError({ line: 1, field: null, reason: `the file is empty: expected a header row (${format.columns.join(",")})` });
  }
  if (dataRows === 0) {
    throw new ImportFileError({ line: nextLine, field: null, reason: "the file has a header but no data rows" });
  }
}

function readHeader(record: string[], line: number, format: CsvFormat): string[] {
  const names = record.map((name) => name.trim().toLowerCase());
  const seen = new Set<string>();
  for (const name of names) {
    if (!format.columns.includes(name)) {
      throw new ImportFileError({
        line,
        field: name || null,
        reason: `unknown column "${name}" in the header: expected ${format.columns.join(",")}`,
      });
    }
    if (seen.has(name)) throw new ImportFileError({ line, field: name, reason: `column "${name}" appears twice in the header` });
    seen.add(name);
  }
  const missing = format.columns.filter((c) => !seen.has(c) && !format.optional.includes(c));
  if (missing.length > 0) {
    throw new ImportFileError({ line, field: missing[0]!, reason: `the header lacks the required column(s) ${missing.join(", ")}` });
  }
  return names;
}

function toItem<Row>(record: string[], header: string[], line: number, toRow: (values: CsvValues, line: number) => Row): Row | InvalidRow {
  if (record.length !== header.length) {
    return {
      kind: "invalid",
      line,
      errors: [{ line, field: null, reason: `the row has ${record.length} fields, the header has ${header.length}` }],
    };
  }
  const values: CsvValues = {};
  for (let i = 0; i < header.length; i++) {
    const value = record[i]!;
    if (value.includes("\uFFFD")) {
      return { kind: "invalid", line, errors: [{ line, field: null, reason: "the row is not valid UTF-8 text" }] };
    }
    values[header[i]!] = value;
  }
  return toRow(values, line);
}

/** The first `maxReportedErrors` errors by line (sorts in place). */
export function firstErrorsByLine(errors: ImportError[]): ImportError[] {
  return errors.sort((a, b) => a.line - b.line).slice(0, maxReportedErrors);
}

/**
 * A row's validation problems (zod issues and the caller's own), in the order of the
 * file's columns, as a person reads the row.
 */
export function rowErrors(line: number, values: CsvValues, issues: readonly { path: readonly PropertyKey[]; message: string }[], extra: ImportError[] = []): ImportError[] {
  const errors: ImportError[] = issues.map((issue) => {
    const field = String(issue.path[0] ?? "");
    return { line, field: field || null, reason: issue.message };
  });
  errors.push(...extra);
  const order = Object.keys(values);
  return errors.sort((a, b) => order.indexOf(a.field ?? "") - order.indexOf(b.field ?? ""));
}
