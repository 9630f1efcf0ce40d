import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { AppError } from "../errors";
import { PgToolError, runPgTool } from "./pg-tools";

/**
 * The two kinds of backup file, told apart by their first bytes: pg_dump's custom
 * format ("PGDMP") for a PostgreSQL server, and PGlite's own dump of its data
 * directory (a gzip'd tar) for the embedded database. Reading one checks all of it:
 * a truncated or damaged file is refused here, before anything is changed.
 */
export type BackupFormat = "pg_dump" | "pglite";

export function backupFormat(file: string): BackupFormat {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new AppError("NOT_FOUND", `No such backup file: ${file}`);
  }
  const head = Buffer.alloc(5);
  const fd = openSync(file, "r");
  try {
    readSync(fd, head, 0, 5, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString("latin1") === "PGDMP") return "pg_dump";
  if (head[0] === 0x1f && head[1] === 0x8b) return "pglite";
  throw damaged(file, size === 0 ? "the file is empty" : "neither a pg_dump custom-format archive nor a PGlite dump");
}

function damaged(file: string, why: string): AppError {
  return new AppError("CONFLICT", `${file} is not a whole backup (${why}): refused, nothing changed.`, { reason: "damaged" });
}

/**
 * Reads a pg_dump archive end to end (pg_restore to /dev/null: every data block, so a
 * truncated file fails) and returns the migrations recorded in it.
 */
export async function readPgDumpMigrations(file: string): Promise<string[]> {
  try {
    await runPgTool("pg_restore", ["--file=/dev/null", file], { keepStdout: false });
  } catch (error) {
    if (error instanceof PgToolError) throw damaged(file, error.stderr.trim().split("\n").at(-1) ?? "pg_restore could not read it");
    throw error;
  }
  const { stdout } = await runPgTool("pg_restore", ["--data-only", "--table=_prisma_migrations", "--file=-", file]);
  return parseMigrationsCopy(stdout.toString("utf8"));
}

/** The finished, not rolled back migration names in a COPY block of _prisma_migrations. */
export function parseMigrationsCopy(sql: string): string[] {
  const lines = sql.split("\n");
  const start = lines.findIndex((l) => /^COPY (public\.)?"?_prisma_migrations"? \(/.test(l));
  if (start < 0) return [];
  const columns = (/\(([^)]*)\)/.exec(lines[start] ?? "")?.[1] ?? "").split(",").map((c) => c.trim().replace(/"/g, ""));
  const at = (name: string) => columns.indexOf(name);
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === "\\.") break;
    const cells = line.split("\t");
    const finished = cells[at("finished_at")];
    const rolledBack = cells[at("rolled_back_at")];
    const name = cells[at("migration_name")];
    if (name && finished !== "\\N" && rolledBack === "\\N") names.push(name);
  }
  return names;
}

/** A PGlite dump, decompressed and checked (gzip's length and CRC catch a truncated file). */
export function readPgliteDump(file: string): Buffer {
  const gz = readFileSync(file);
  let tar: Buffer;
  try {
    tar = gunzipSync(gz);
  } catch (error) {
    throw damaged(file, (error as Error).message);
  }
  // A tar archive: "ustar" at offset 257 of its first header.
  if (tar.subarray(257, 262).toString("latin1") !== "ustar") throw damaged(file, "not a tar archive inside");
  return tar;
}
