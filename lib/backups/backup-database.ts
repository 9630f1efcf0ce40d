import { PGlite } from "@electric-sql/pglite";
import { renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import pg from "pg";
import { AppError } from "../errors";
import { readPgDumpMigrations, readPgliteDump } from "./backup-file";
import { hasPgliteDatabase, pgliteDirectory, type DatabaseTarget } from "./database-target";
import { runPgTool } from "./pg-tools";
import { queryOver, tableStats, type TableStat } from "./table-stats";

/**
 * `npm run cli -- backup FILE`: the whole database in one file. PostgreSQL: pg_dump's
 * custom format (compressed, restorable table by table with pg_restore too). Embedded:
 * PGlite's own dump of its data directory (a .tar.gz). The file is written beside its
 * name as FILE.partial, read back whole, and only then renamed to FILE: a backup that
 * was interrupted never looks like one. docs/decisions/035-backups-and-move-to-postgres.md
 */
export interface BackupResult {
  file: string;
  format: "pg_dump" | "pglite";
  bytes: number;
  seconds: number;
  migrations: number;
  tables: Pick<TableStat, "table" | "rows">[];
}

export async function backupDatabase(target: DatabaseTarget, file: string): Promise<BackupResult> {
  const started = Date.now();
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    let result: Omit<BackupResult, "bytes" | "seconds">;
    if (target.url) {
      const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: 10_000 });
      await client.connect();
      let tables: TableStat[];
      try {
        tables = await tableStats(queryOver(client), { sampleRows: 0 });
      } finally {
        await client.end();
      }
      await runPgTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`, target.url], { keepStdout: false });
      const migrations = await readPgDumpMigrations(partial);
      result = { file, format: "pg_dump", migrations: migrations.length, tables: tables.map(({ table, rows }) => ({ table, rows })) };
    } else {
      if (!hasPgliteDatabase(target.dataDir)) throw new AppError("NOT_FOUND", `No embedded database in ${pgliteDirectory(target.dataDir)} (DATA_DIR).`);
      const db = await PGlite.create(pgliteDirectory(target.dataDir));
      try {
        const tables = await tableStats(queryOver(db), { sampleRows: 0 });
        const migrations = await queryOver(db).query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
        const dump = await db.dumpDataDir("gzip");
        writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
        readPgliteDump(partial);
        result = { file, format: "pglite", migrations: migrations[0]?.n ?? 0, tables: tables.map(({ table, rows }) => ({ table, rows })) };
      } finally {
        await db.close();
      }
    }
    renameSync(partial, file);
    return { ...result, bytes: statSync(file).size, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
