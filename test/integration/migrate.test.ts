import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultMigrationsDir, migrate, readMigrations } from "@/lib/migrate";
import { useTestDatabase } from "../helpers/db";

function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
  cpSync(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}

describe("migrator", () => {
  it("records every migration in _prisma_migrations with Prisma's checksum, and a second run applies nothing", async () => {
    const db = await useTestDatabase({ migrated: false });
    const first = await migrate(db.driver);
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));
    const rows = await db.driver.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(readMigrations().map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
    expect(await migrate(db.driver)).toEqual({ applied: [], alreadyApplied: rows.length });
  });

  it("refuses an edited, already-applied migration and names it", async () => {
    const db = await useTestDatabase({ migrated: false });
    const dir = copyOfMigrations();
    await migrate(db.driver, dir);
    const [firstMigration] = readMigrations(dir);
    writeFileSync(path.join(dir, firstMigration!.name, "migration.sql"), `${firstMigration!.sql}\n-- edited\n`);
    await expect(migrate(db.driver, dir)).rejects.toThrow(`Migration ${firstMigration!.name} was edited after it was applied`);
  });

  it("rolls back a failing migration completely and names it", async () => {
    const db = await useTestDatabase({ migrated: false });
    const dir = copyOfMigrations();
    const bad = path.join(dir, "29991231000000_broken");
    cpSync(path.join(dir, readMigrations(dir)[0]!.name), bad, { recursive: true });
    writeFileSync(path.join(bad, "migration.sql"), `CREATE TABLE "half_done" (id int);\nSELECT * FROM "no_such_table";`);
    await expect(migrate(db.driver, dir)).rejects.toThrow(/Migration 29991231000000_broken failed: .*no_such_table/);
    const tables = await db.driver.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`);
    expect(tables).toEqual([]);
    const recorded = await db.driver.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29991231000000_broken'`);
    expect(recorded).toEqual([]);
  });
});
