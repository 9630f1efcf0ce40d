import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { Actor } from "../audit/record-audit";
import { recordAudit } from "../audit/record-audit";
import { openDatabase, type Database } from "../db";
import { AppError } from "../errors";
import { migrate } from "../migrate";
import { redactUrl } from "./database-target";
import { assertSchemaNotNewer, compareSchema } from "./schema-version";
import { describeContents, listTables, primaryKeyColumns, queryOver, tableStats, type Query, type TableStat } from "./table-stats";

/**
 * `npm run cli -- migrate-to-postgres --to URL`: moves an embedded install (every
 * table: accounts, impacts, history, the mail outbox with its states and the audit log)
 * into an empty PostgreSQL database. The target is migrated to this code's schema,
 * then filled in one transaction, table by table in foreign-key order with COPY, with
 * the tables' own triggers off (the per-category counters are copied as they are, not
 * counted twice); sequences continue after the highest id. Before COMMIT every table's
 * row count and a sample of its rows are compared with the source: a difference rolls
 * it all back. A target holding any row is refused, naming what is there.
 */
export interface MoveResult {
  target: string;
  seconds: number;
  tables: Pick<TableStat, "table" | "rows">[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const CHUNK_ROWS = 50_000;

export async function migrateToPostgres(
  source: Database,
  toUrl: string,
  options: { actor: Actor; progress?: (line: string) => void; migrationsDir?: string },
): Promise<MoveResult> {
  const started = Date.now();
  const pglite = source.driver.pglite;
  if (source.driver.kind !== "pglite" || !pglite) {
    throw new AppError("BAD_REQUEST", "migrate-to-postgres moves the embedded database: run it with DATABASE_URL unset (DATA_DIR names the embedded database).");
  }
  const where = redactUrl(toUrl);
  const target = await openDatabase({ url: toUrl, max: 2 });
  try {
    await refuseUnlessEmpty(queryOver(pglite), target.driver, where, options.migrationsDir);
    await migrate(target.driver, options.migrationsDir);
    const tables = await copyOrder(target.driver, (await listTables(target.driver)).filter((t) => t !== "_prisma_migrations"));
    const sourceStats = await utc(pglite, () => tableStats(queryOver(pglite)));
    const client = await target.driver.pool!.connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL TimeZone = 'UTC'");
      for (const table of tables) {
        const rows = await copyTable(pglite, client, table);
        options.progress?.(`  ${table}: ${rows.toLocaleString("en-US")} row${rows === 1 ? "" : "s"}`);
      }
      await continueSequences(client, tables);
      const copied = await tableStats(queryOver(client));
      for (const table of tables) {
        const a = sourceStats.find((s) => s.table === table);
        const b = copied.find((s) => s.table === table);
        if (!a || !b || a.rows !== b.rows || a.sample !== b.sample) {
          throw new AppError("INTERNAL", `Copy of ${table} does not match the source (${a?.rows ?? "?"} rows there, ${b?.rows ?? "?"} here): rolled back, the target is left empty.`);
        }
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    await recordAudit(target.prisma, options.actor, { action: "database.moved_to_postgres", targetType: "database", after: { tables: tables.length } });
    return {
      target: where,
      seconds: (Date.now() - started) / 1000,
      tables: sourceStats.filter((s) => s.table !== "_prisma_migrations").map(({ table, rows }) => ({ table, rows })),
    };
  } finally {
    await target.close();
  }
}

async function utc<T>(pglite: PGlite, fn: () => Promise<T>): Promise<T> {
  const [{ tz } = { tz: "UTC" }] = (await pglite.query<{ tz: string }>("SELECT current_setting('TimeZone') AS tz")).rows;
  await pglite.exec("SET TimeZone = 'UTC'");
  try {
    return await fn();
  } finally {
    await pglite.query("SELECT set_config('TimeZone', $1, false)", [tz]);
  }
}

/** Refuses a target with rows in any table, or with tables that are not this portal's. */
async function refuseUnlessEmpty(source: Query, target: Query, where: string, migrationsDir?: string): Promise<void> {
  const ours = new Set(await listTables(source));
  const stats = await tableStats(target, { sampleRows: 0 });
  const foreign = stats.filter((s) => !ours.has(s.table)).map((s) => s.table);
  const filled = stats.filter((s) => s.table !== "_prisma_migrations" && s.rows > 0);
  if (foreign.length > 0 || filled.length > 0) {
    const parts = [filled.length > 0 ? describeContents(filled) : null, foreign.length > 0 ? `tables that are not the portal's: ${foreign.join(", ")}` : null];
    throw new AppError("CONFLICT", `The target database ${where} is not empty: ${parts.filter(Boolean).join("; ")}. Give an empty database (nothing changed).`, {
      reason: "not-empty",
      tables: filled.map(({ table, rows }) => ({ table, rows })),
      foreign,
    });
  }
  if (stats.some((s) => s.table === "_prisma_migrations")) {
    const applied = await target.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`);
    const version = compareSchema(applied.map((r) => r.migration_name), migrationsDir);
    if (version.unknown.length > 0) assertSchemaNotNewer(version, `The target database ${where}`);
  }
}

/** Tables ordered so that every table comes after the tables its foreign keys point to. */
async function copyOrder(db: Query, tables: string[]): Promise<string[]> {
  const edges = await db.query<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND c.relname <> p.relname`,
  );
  const ordered: string[] = [];
  const pending = new Set(tables);
  while (pending.size > 0) {
    const ready = [...pending].filter((t) => !edges.some((e) => e.child === t && pending.has(e.parent)));
    if (ready.length === 0) throw new AppError("INTERNAL", `Foreign keys form a cycle among ${[...pending].join(", ")}`);
    for (const t of ready.sort()) {
      ordered.push(t);
      pending.delete(t);
    }
  }
  return ordered;
}

/** Columns a COPY may write (generated columns are computed by the target). */
async function writableColumns(db: Query, table: string): Promise<string[]> {
  const rows = await db.query<{ attname: string }>(
    `SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY a.attnum`,
    [table],
  );
  return rows.map((r) => r.attname);
}

/** One table, in key ranges of CHUNK_ROWS ids when its key is one integer (the whole table otherwise). */
async function copyTable(pglite: PGlite, client: pg.PoolClient, table: string): Promise<number> {
  const target = queryOver(client);
  const columns = await writableColumns(target, table);
  const key = await primaryKeyColumns(target, table);
  const cols = columns.map(quote).join(", ");
  const [keyType] = key.length === 1 ? (await target.query<{ t: string }>(`SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2`, [quote(table), key[0]])).map((r) => r.t) : [];
  const chunked = key.length === 1 && (keyType === "integer" || keyType === "bigint");
  await client.query(`ALTER TABLE ${quote(table)} DISABLE TRIGGER USER`);
  const selects: string[] = [];
  if (chunked) {
    const k = quote(key[0]!);
    const [range] = (await pglite.query<{ lo: string | null; hi: string | null }>(`SELECT min(${k})::text AS lo, max(${k})::text AS hi FROM ${quote(table)}`)).rows;
    if (range?.lo != null && range.hi != null) {
      for (let lo = BigInt(range.lo); lo <= BigInt(range.hi); lo += BigInt(CHUNK_ROWS)) {
        selects.push(`SELECT ${cols} FROM ${quote(table)} WHERE ${k} >= ${lo} AND ${k} < ${lo + BigInt(CHUNK_ROWS)}`);
      }
    }
  } else {
    selects.push(`SELECT ${cols} FROM ${quote(table)}`);
  }
  let rows = 0;
  for (const select of selects) {
    const out = await pglite.query(`COPY (${select}) TO '/dev/blob'`);
    const n = out.affectedRows ?? 0;
    if (n === 0 || !out.blob) continue;
    const bytes = Buffer.from(await out.blob.arrayBuffer());
    await pipeline(Readable.from([bytes]), client.query(copyFrom(`COPY ${quote(table)} (${cols}) FROM STDIN`)));
    rows += n;
  }
  await client.query(`ALTER TABLE ${quote(table)} ENABLE TRIGGER USER`);
  return rows;
}

/** serial / identity columns continue after the highest copied value. */
async function continueSequences(client: pg.PoolClient, tables: string[]): Promise<void> {
  for (const table of tables) {
    for (const column of await writableColumns(queryOver(client), table)) {
      const [seq] = (await client.query<{ s: string | null }>(`SELECT pg_get_serial_sequence($1, $2) AS s`, [quote(table), column])).rows;
      if (!seq?.s) continue;
      await client.query(`SELECT setval($1, coalesce((SELECT max(${quote(column)}) FROM ${quote(table)}), 1), (SELECT count(*) > 0 FROM ${quote(table)}))`, [seq.s]);
    }
  }
}
