import { PGlite } from "@electric-sql/pglite";
import { existsSync, renameSync, rmSync } from "node:fs";
import { Readable } from "node:stream";
import path from "node:path";
import pg from "pg";
import type { Actor } from "../audit/record-audit";
import { recordAudit } from "../audit/record-audit";
import { openDatabase } from "../db";
import { AppError } from "../errors";
import { migrate } from "../migrate";
import { backupFormat, readPgDumpMigrations, readPgliteDump } from "./backup-file";
import { hasPgliteDatabase, pgliteDirectory, type DatabaseTarget } from "./database-target";
import { PgToolError, runPgTool } from "./pg-tools";
import { assertSchemaNotNewer, compareSchema } from "./schema-version";
import { describeContents, queryOver, tableStats, type TableStat } from "./table-stats";

/**
 * `npm run cli -- restore FILE`: puts a backup back. Everything that can refuse is
 * checked before anything changes: the file is read whole (truncated -> refused), its
 * schema must not be newer than this code's, and a database that still holds rows is
 * only replaced with `replace` (the refusal names what is there). PostgreSQL: the
 * public schema is dropped and the archive restored in one transaction (psql
 * --single-transaction), so a failure midway leaves the old data. Embedded: the dump
 * is loaded into a new directory beside the current one, which is then set aside
 * (DATA_DIR/pglite.replaced-<time>), not deleted. Afterwards the migrations this code
 * has and the backup lacks are applied, and the restore is audited.
 */
export interface RestoreResult {
  file: string;
  format: "pg_dump" | "pglite";
  seconds: number;
  /** Migrations applied after the restore (the backup was older than this code). */
  migrated: string[];
  /** Embedded only: where the replaced data directory was moved. */
  setAside?: string;
  tables: Pick<TableStat, "table" | "rows">[];
}

export interface RestoreOptions {
  replace?: boolean;
  actor: Actor;
  migrationsDir?: string;
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, "-");

export async function restoreDatabase(target: DatabaseTarget, file: string, options: RestoreOptions): Promise<RestoreResult> {
  const started = Date.now();
  const format = backupFormat(file);
  if (format === "pg_dump" && !target.url) {
    throw new AppError("CONFLICT", `${file} is a PostgreSQL (pg_dump) backup: set DATABASE_URL to the server to restore it into. Nothing changed.`, { reason: "wrong-engine" });
  }
  if (format === "pglite" && target.url) {
    throw new AppError(
      "CONFLICT",
      `${file} is an embedded (PGlite) backup: restore it with DATABASE_URL unset (into DATA_DIR), then move it with migrate-to-postgres. Nothing changed.`,
      { reason: "wrong-engine" },
    );
  }
  let setAside: string | undefined;
  if (format === "pg_dump") await restorePostgres(target.url!, file, options);
  else setAside = await restorePglite(target.dataDir, file, options);

  // The restored database: bring it to this code's schema, then record who restored what.
  const db = await openDatabase({ url: target.url, dataDir: target.dataDir, max: 1 });
  try {
    const { applied } = await migrate(db.driver, options.migrationsDir);
    await recordAudit(db.prisma, options.actor, { action: "database.restored", targetType: "database", after: { file: path.basename(file), format, migrated: applied } });
    const tables = await tableStats(db.driver, { sampleRows: 0 });
    return { file, format, seconds: (Date.now() - started) / 1000, migrated: applied, ...(setAside ? { setAside } : {}), tables: tables.map(({ table, rows }) => ({ table, rows })) };
  } finally {
    await db.close();
  }
}

function refuseNonEmpty(stats: TableStat[], where: string): never {
  throw new AppError(
    "CONFLICT",
    `${where} is not empty: ${describeContents(stats.filter((s) => s.table !== "_prisma_migrations"))}. Restore with --replace to overwrite it (nothing changed).`,
    { reason: "not-empty", tables: stats.filter((s) => s.rows > 0).map(({ table, rows }) => ({ table, rows })) },
  );
}

async function restorePostgres(url: string, file: string, options: RestoreOptions): Promise<void> {
  assertSchemaNotNewer(compareSchema(await readPgDumpMigrations(file), options.migrationsDir), file);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const stats = await tableStats(queryOver(client), { sampleRows: 0 });
    if (!options.replace && stats.some((s) => s.rows > 0 && s.table !== "_prisma_migrations")) refuseNonEmpty(stats, "The target database");
  } finally {
    await client.end();
  }
  // pg_restore writes the archive as SQL; psql runs the drop, the create and all of it
  // as one transaction (ON_ERROR_STOP: the first error rolls everything back).
  const script = runPgTool("pg_restore", ["--no-owner", "--no-privileges", "--file=-", file], { keepStdout: false });
  const stdout = script.child.stdout;
  if (!stdout) throw new AppError("INTERNAL", "pg_restore gave no output stream");
  // runPgTool buffers stdout unless told not to; here it streams into psql instead.
  const apply = runPgTool(
    "psql",
    [
      "--no-psqlrc",
      "--quiet",
      "--set=ON_ERROR_STOP=1",
      "--single-transaction",
      // Waiting forever behind a running app's locks helps nobody under pressure.
      "--command=SET lock_timeout = '15s'",
      "--command=DROP SCHEMA IF EXISTS public CASCADE",
      "--command=CREATE SCHEMA public",
      "--file=-",
      `--dbname=${url}`,
    ],
    { stdin: stdout as unknown as Readable, keepStdout: false },
  );
  try {
    await Promise.all([script, apply]);
  } catch (error) {
    if (error instanceof PgToolError && /lock timeout/i.test(error.stderr)) {
      throw new AppError("CONFLICT", "The database is in use (lock timeout): stop the app and the workers, then restore again. Nothing changed.", { reason: "in-use" });
    }
    if (error instanceof PgToolError) throw new AppError("INTERNAL", `Restore failed and was rolled back, nothing changed: ${error.message}`);
    throw error;
  }
}

async function restorePglite(dataDir: string, file: string, options: RestoreOptions): Promise<string | undefined> {
  const tar = readPgliteDump(file);
  const live = pgliteDirectory(dataDir);
  const staging = `${live}.restoring-${stamp()}`;
  let loaded: PGlite | undefined;
  try {
    try {
      loaded = await PGlite.create(staging, { loadDataDir: new Blob([new Uint8Array(tar)]) });
    } catch (error) {
      throw new AppError("CONFLICT", `${file} could not be loaded (${(error as Error).message}): refused, nothing changed.`, { reason: "damaged" });
    }
    const applied = await queryOver(loaded).query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    ).catch(() => []);
    assertSchemaNotNewer(compareSchema(applied.map((r) => r.migration_name), options.migrationsDir), file);
    await loaded.close();
    loaded = undefined;

    let setAside: string | undefined;
    if (hasPgliteDatabase(dataDir)) {
      if (!options.replace) {
        let stats: TableStat[];
        try {
          const current = await PGlite.create(live);
          try {
            stats = await tableStats(queryOver(current), { sampleRows: 0 });
          } finally {
            await current.close();
          }
        } catch (error) {
          throw new AppError("CONFLICT", `The current embedded database cannot be opened (${(error as Error).message}): restore with --replace to set it aside. Nothing changed.`, {
            reason: "unreadable",
          });
        }
        if (stats.some((s) => s.rows > 0 && s.table !== "_prisma_migrations")) refuseNonEmpty(stats, `The embedded database in ${live}`);
      }
      setAside = `${live}.replaced-${stamp()}`;
      renameSync(live, setAside);
    } else if (existsSync(live)) {
      rmSync(live, { recursive: true, force: true });
    }
    renameSync(staging, live);
    return setAside;
  } catch (error) {
    if (loaded) await loaded.close().catch(() => {});
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
