import { stringify } from "csv-stringify";
import { PassThrough, Readable } from "node:stream";
import { to as copyTo } from "pg-copy-streams";
import type { Database } from "../db";
import { exportQuery, findExportIncident, type ExportKind } from "./export-queries";

/**
 * An export as a stream of CSV bytes in bounded memory, whatever the incident's size.
 * PostgreSQL: one COPY (SELECT ...) TO STDOUT on one connection (one snapshot, streamed
 * by the server with backpressure). PGlite (one process, no COPY to a stream): pages of
 * `pageSize` rows by "_key", each written through csv-stringify before the next is read.
 * Both paths write the same header and cells (docs/decisions/031-exports.md).
 */
export const exportPageSize = 5_000;

export interface ExportStream {
  fileName: string;
  stream: Readable;
  /** Rows written (without the header), once the stream has ended. */
  rowCount(): number;
}

export async function streamExport(db: Pick<Database, "prisma" | "driver">, kind: ExportKind, incidentSlug: string): Promise<ExportStream> {
  const incident = await findExportIncident(db.prisma, incidentSlug);
  const query = exportQuery(kind, incident);
  const fileName = `${incident.slug}-${kind}.csv`;
  const columnList = query.columns.map((_c, i) => `"c${i}"`);
  const inner = (keyCondition: string) => `SELECT * FROM (${query.select(keyCondition)}) AS x(${[...columnList, `"_key"`].join(", ")})`;
  const pool = db.driver.pool;
  if (pool) {
    const client = await pool.connect();
    const header = query.columns.map((c, i) => `${columnList[i]} AS "${c.replaceAll('"', "")}"`).join(", ");
    const copy = client.query(copyTo(`COPY (SELECT ${header} FROM (${inner("true")}) AS y ORDER BY "_key") TO STDOUT WITH (FORMAT csv, HEADER true)`));
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      client.release(error);
    };
    copy.on("end", () => release());
    copy.on("error", (error) => release(error));
    copy.on("close", () => release());
    return { fileName, stream: copy, rowCount: () => copy.rowCount };
  }
  // Quoted as COPY quotes: an empty string (NULL stays bare) and any CR, besides what needs quotes anyway.
  const csv = stringify({ header: true, columns: query.columns, quoted_match: [/^$/, /\r/], record_delimiter: "\n" });
  const out = new PassThrough();
  csv.pipe(out);
  let written = 0;
  void (async () => {
    let after = -1;
    for (;;) {
      const rows = await db.driver.query<Record<string, string | null>>(
        `SELECT * FROM (${query.select(`${query.key} > $1`, exportPageSize)}) AS x(${[...columnList, `"_key"`].join(", ")}) ORDER BY "_key"`,
        [after],
      );
      written += rows.length;
      for (const row of rows) {
        if (!csv.write(query.columns.map((_c, i) => row[`c${i}`] ?? null))) await new Promise((resolve) => csv.once("drain", resolve));
      }
      if (rows.length < exportPageSize) break;
      after = Number(rows.at(-1)!._key);
    }
    csv.end();
  })().catch((error: unknown) => out.destroy(error as Error));
  return { fileName, stream: out, rowCount: () => written };
}
