import { once } from "node:events";
import { finished } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import type { Driver } from "../db";
import type { ImportRow } from "./import-format";

/**
 * A per-job staging table the valid rows of a file are streamed into before anything
 * touches the real tables. The set checks (duplicates, conflicting account details) and
 * the merge are then set-based SQL over it. On PostgreSQL rows go in with COPY FROM
 * STDIN; on PGlite (one in-process connection) with multi-row INSERT ... SELECT unnest.
 * It is an ordinary (unlogged) table, not a temporary one, so that the merge can run in
 * a Prisma transaction on another pooled connection. Dropped when the job ends.
 */
export type StagedRow = ImportRow & { categoryId: number };

export function stageTableName(jobId: string): string {
  return `import_stage_${jobId.replace(/[^0-9a-f]/gi, "").toLowerCase()}`;
}

export interface StagerOptions {
  /**
   * PostgreSQL: end the COPY every this many rows and report the rows staged so far
   * (seq in [from, to)), committed and visible to other connections, so the merge can
   * start on them while the rest of the file is read.
   */
  segmentRows?: number;
  onSegment?: (from: number, to: number) => void;
}

export interface Stager {
  add(line: number, row: StagedRow): Promise<void>;
  /** Flushes, then indexes the table for the checks and the merge. Returns the row count. */
  finish(): Promise<number>;
  /** Drops the table (safe to call more than once, and after a failure). */
  drop(): Promise<void>;
}

const copyEscape = (value: string) => value.replace(/[\\\n\r\t]/g, (c) => (c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
const copyInt = (value: number | undefined) => (value === undefined ? "\\N" : String(value));

export async function createStager(driver: Driver, jobId: string, options: StagerOptions = {}): Promise<Stager> {
  const table = `"${stageTableName(jobId)}"`;
  const seqIndex = `"${stageTableName(jobId)}_seq"`;
  // The merge walks rows by seq: a BRIN index (seq follows the physical order, so it is
  // tiny), made now and summarised after each segment, so a segment's merge reads only
  // its own pages.
  await driver.exec(`DROP TABLE IF EXISTS ${table};
    CREATE UNLOGGED TABLE ${table} (
      "seq" int NOT NULL, "line" int NOT NULL, "account_ref" text NOT NULL, "email" text NOT NULL,
      "display_name" text NOT NULL, "locale" text NOT NULL, "category_id" int NOT NULL, "state" text NOT NULL,
      "items_total" int, "items_restored" int);
    CREATE INDEX ${seqIndex} ON ${table} USING brin ("seq")`);
  let seq = 0;
  let segmentStart = 1;
  const drop = async () => {
    await driver.exec(`DROP TABLE IF EXISTS ${table}`);
  };
  const summarise = async () => {
    await driver.query(`SELECT brin_summarize_new_values($1::regclass)`, [seqIndex]);
  };
  /** Reports the rows staged since the last segment (their COPY has ended). */
  const segmentDone = async () => {
    if (seq < segmentStart) return;
    await summarise();
    options.onSegment?.(segmentStart, seq + 1);
    segmentStart = seq + 1;
  };
  const index = async () => {
    // The checks walk rows by account then category.
    await driver.exec(`CREATE INDEX ON ${table} ("account_ref", "category_id", "line");
      ANALYZE ${table}`);
  };

  if (driver.kind === "postgres" && driver.pool) {
    const client = await driver.pool.connect();
    let released = false;
    const release = (error?: Error) => {
      if (!released) client.release(error ?? broken);
      released = true;
    };
    // A server that goes away mid-COPY (a restart, a failover) errors the connection and
    // the stream: keep the error for the next write, never leave it unhandled (that
    // would end the process), and discard the connection.
    let broken: Error | undefined;
    const breakWith = (error: Error) => (broken ??= error);
    client.on("error", breakWith);
    const startCopy = () => {
      const copy = client.query(copyFrom(`COPY ${table} FROM STDIN`));
      copy.on("error", breakWith);
      return copy;
    };
    let stream = startCopy();
    let buffer: string[] = [];
    const flush = async () => {
      if (broken) throw broken;
      if (buffer.length === 0) return;
      const chunk = buffer.join("");
      buffer = [];
      if (!stream.write(chunk)) await once(stream, "drain");
    };
    return {
      async add(line, r) {
        seq++;
        buffer.push(
          `${seq}\t${line}\t${copyEscape(r.account_ref)}\t${copyEscape(r.email)}\t${copyEscape(r.display_name)}\t${copyEscape(r.locale)}\t${r.categoryId}\t${r.state}\t${copyInt(r.items_total)}\t${copyInt(r.items_restored)}\n`,
        );
        if (buffer.length >= 2_000) await flush();
        if (options.segmentRows && seq - segmentStart + 1 >= options.segmentRows) {
          await flush();
          stream.end();
          await finished(stream);
          stream = startCopy();
          await segmentDone();
        }
      },
      async finish() {
        try {
          if (broken) throw broken;
          await flush();
          stream.end();
          await finished(stream);
        } finally {
          release();
        }
        await segmentDone();
        await index();
        return seq;
      },
      async drop() {
        if (!released && broken) release(broken);
        if (!released) {
          // End the COPY cleanly (its rows go into the table dropped just below) so the
          // pooled connection stays healthy; a broken one is discarded.
          try {
            stream.end();
            await finished(stream);
            release();
          } catch (error) {
            release(error instanceof Error ? error : new Error(String(error)));
          }
        }
        await drop();
      },
    };
  }

  const batchSize = 5_000;
  let batch: { line: number; row: StagedRow; seq: number }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await driver.query(
      `INSERT INTO ${table} SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::int[], $10::int[])`,
      [
        rows.map((r) => r.seq),
        rows.map((r) => r.line),
        rows.map((r) => r.row.account_ref),
        rows.map((r) => r.row.email),
        rows.map((r) => r.row.display_name),
        rows.map((r) => r.row.locale),
        rows.map((r) => r.row.categoryId),
        rows.map((r) => r.row.state),
        rows.map((r) => r.row.items_total ?? null),
        rows.map((r) => r.row.items_restored ?? null),
      ],
    );
  };
  return {
    async add(line, row) {
      seq++;
      batch.push({ line, row, seq });
      if (batch.length >= batchSize) await flush();
    },
    async finish() {
      await flush();
      await segmentDone();
      await index();
      return seq;
    },
    drop,
  };
}
