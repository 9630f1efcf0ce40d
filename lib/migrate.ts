import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { Driver } from "./db";

/**
 * Applies prisma/migrations/<name>/migration.sql in name order and records each in
 * `_prisma_migrations` exactly as Prisma Migrate does (same table, same SHA-256
 * checksum, same advisory lock key), so `prisma migrate status/deploy` on a machine that
 * has Prisma's native engine agrees with us. We need our own because that engine cannot
 * be downloaded here (docs/decisions/002-migrator.md).
 */

/** Prisma Migrate's advisory lock key: two migrators (ours or Prisma's) never overlap. */
const PRISMA_MIGRATE_LOCK = 72707369;

export const defaultMigrationsDir = path.resolve(process.cwd(), "prisma/migrations");

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

export function readMigrations(dir = defaultMigrationsDir): Migration[] {
  if (!existsSync(dir)) throw new MigrationError(`Migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const createTable = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(driver: Driver, dir = defaultMigrationsDir): Promise<MigrateResult> {
  const migrations = readMigrations(dir);
  return driver.withConnection(async (conn) => {
    await conn.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    try {
      await conn.exec(createTable);
      const rows = await conn.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      );
      const applied = new Map(rows.map((r) => [r.migration_name, r]));
      for (const row of rows) {
        if (!row.finished_at) {
          throw new MigrationError(
            `Migration ${row.migration_name} started but did not finish; resolve it before migrating again.`,
          );
        }
      }
      const done: string[] = [];
      for (const m of migrations) {
        const row = applied.get(m.name);
        if (row) {
          if (row.checksum !== m.checksum) {
            throw new MigrationError(
              `Migration ${m.name} was edited after it was applied (checksum ${m.checksum.slice(0, 12)} != applied ${row.checksum.slice(0, 12)}). Restore the original file and put the change in a new migration.`,
            );
          }
          continue;
        }
        // One transaction per migration: a failing migration leaves nothing behind.
        await conn.exec("BEGIN");
        try {
          await conn.exec(m.sql);
          await conn.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ($1, $2, $3, now(), 1)`,
            [randomUUID(), m.checksum, m.name],
          );
          await conn.exec("COMMIT");
        } catch (error) {
          await conn.exec("ROLLBACK");
          throw new MigrationError(`Migration ${m.name} failed: ${(error as Error).message}`);
        }
        done.push(m.name);
      }
      return { applied: done, alreadyApplied: migrations.length - done.length };
    } finally {
      await conn.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
    }
  });
}
