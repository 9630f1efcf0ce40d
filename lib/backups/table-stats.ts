import { createHash } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import type { Driver } from "../db";

/**
 * What is in a database, table by table: the exact row count and a fingerprint of a
 * sample of rows (the first and last rows by primary key). A backup drill and the move
 * to PostgreSQL compare these before and after; a refused restore or move names them.
 */
export type Query = Pick<Driver, "query">;

/** The same query shape over a raw pg client or a PGlite instance. */
export function queryOver(client: pg.ClientBase | PGlite): Query {
  return {
    async query<T>(text: string, params?: unknown[]) {
      const result = await (client as pg.ClientBase).query(text, params);
      return result.rows as T[];
    },
  };
}

export interface TableStat {
  table: string;
  rows: number;
  /** sha256 of the sampled rows as text (same engine settings: UTC, default float digits). */
  sample: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The ordinary tables of the public schema, by name. */
export async function listTables(db: Query): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    `SELECT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  return rows.map((r) => r.table_name);
}

/** The primary key's columns of a table, in key order (empty when it has none). */
export async function primaryKeyColumns(db: Query, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT a.attname AS column_name
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND c.relname = $1 AND i.indisprimary
      ORDER BY k.ord`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

export async function countRows(db: Query, table: string): Promise<number> {
  const [row] = await db.query<{ n: string | number }>(`SELECT count(*)::bigint AS n FROM ${quote(table)}`);
  return Number(row?.n ?? 0);
}

export async function tableStats(db: Query, options: { sampleRows?: number } = {}): Promise<TableStat[]> {
  const sampleRows = options.sampleRows ?? 50;
  const stats: TableStat[] = [];
  for (const table of await listTables(db)) {
    const key = await primaryKeyColumns(db, table);
    const order = (key.length > 0 ? key.map(quote) : ["ctid"]).join(", ");
    const desc = (key.length > 0 ? key.map((k) => `${quote(k)} DESC`) : ["ctid DESC"]).join(", ");
    const sampled = await db.query<{ row: string }>(
      `(SELECT t::text AS row FROM ${quote(table)} t ORDER BY ${order} LIMIT ${sampleRows})
       UNION ALL
       (SELECT t::text AS row FROM ${quote(table)} t ORDER BY ${desc} LIMIT ${sampleRows})`,
    );
    const hash = createHash("sha256");
    for (const r of sampled) hash.update(r.row).update("\n");
    stats.push({ table, rows: await countRows(db, table), sample: hash.digest("hex") });
  }
  return stats;
}

/** "account (2,000 rows), impact (12,000 rows)": the tables that hold rows. */
export function describeContents(stats: Pick<TableStat, "table" | "rows">[]): string {
  return stats
    .filter((s) => s.rows > 0)
    .map((s) => `${s.table} (${s.rows.toLocaleString("en-US")} row${s.rows === 1 ? "" : "s"})`)
    .join(", ");
}
