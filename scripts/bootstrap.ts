import { closeDatabase, database, type Database } from "../lib/db";
import { EnvError, env } from "../lib/env";
import { MigrationError } from "../lib/migrate";

/**
 * Shared start-up for the command-line entry points: parse env (one clear line and
 * exit 1 on a bad value), open the database, close it on exit. PGlite must be closed
 * or the process hangs and the data directory stays locked.
 */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  try {
    env();
  } catch (error) {
    fail(error);
  }
  let db: Database;
  try {
    db = await database();
  } catch (error) {
    fail(error);
  }
  try {
    return await fn(db);
  } catch (error) {
    await closeDatabase().catch(() => {});
    fail(error);
  } finally {
    await closeDatabase().catch(() => {});
  }
}

export function fail(error: unknown): never {
  if (error instanceof EnvError || error instanceof MigrationError) {
    console.error(error.message);
  } else {
    const e = error as { code?: string; message?: string };
    const reason = e.code === "ECONNREFUSED" ? "connection refused" : (e.message ?? String(error)).split("\n")[0];
    console.error(`Error: ${reason}`);
  }
  process.exit(1);
}

export function onShutdown(fn: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      fn()
        .catch((error) => console.error(error))
        .finally(() => process.exit(0));
    });
  }
}
