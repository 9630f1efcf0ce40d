import { existsSync } from "node:fs";
import path from "node:path";

/**
 * Which database a backup command works on: a PostgreSQL server (url) or the embedded
 * PGlite directory under dataDir (DATA_DIR/pglite), the same rule as lib/db.ts.
 */
export interface DatabaseTarget {
  url?: string | undefined;
  dataDir: string;
}

export function pgliteDirectory(dataDir: string): string {
  return path.resolve(dataDir, "pglite");
}

/** An embedded database exists there (PostgreSQL's PG_VERSION file is in every data directory). */
export function hasPgliteDatabase(dataDir: string): boolean {
  return existsSync(path.join(pgliteDirectory(dataDir), "PG_VERSION"));
}

/** postgres://user:***@host/db: a URL fit to print. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}
