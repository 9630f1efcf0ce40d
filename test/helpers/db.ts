import { randomBytes } from "node:crypto";
import { afterAll, onTestFinished } from "vitest";
import { openDatabase, setDatabase, type Database } from "../../lib/db";
import { migrate } from "../../lib/migrate";
import { adminQuery, serverUrl, TEMPLATE_DB } from "./postgres-template";

export type Engine = "pglite" | "postgres";
export const engine: Engine = process.env.TEST_ENGINE === "postgres" ? "postgres" : "pglite";

export interface TestDatabase extends Database {
  engine: Engine;
  /** PostgreSQL only: the URL of this file's own database. */
  url?: string;
}

/**
 * A fresh, migrated database for one test file, on the engine of the current vitest
 * project: in-memory PGlite, or a PostgreSQL database copied from the migrated template.
 * Installed as the process's database (so use cases that call database() use it) and
 * dropped after the test that made it (or after the file, when made at describe level).
 */
export async function useTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  let db: TestDatabase;
  if (engine === "postgres") {
    const name = `rp_test_${randomBytes(6).toString("hex")}`;
    await adminQuery(migrated ? `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}` : `CREATE DATABASE ${name}`);
    const url = serverUrl(name);
    const opened = await openDatabase({ url, max: 4 });
    db = {
      ...opened,
      engine,
      url,
      async close() {
        await opened.close();
        await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  } else {
    const opened = await openDatabase({ dataDir: "memory://" });
    if (migrated) await migrate(opened.driver);
    db = { ...opened, engine };
  }
  setDatabase(db);
  // Dropped when the test that made it ends, or after the file when made while collecting.
  const close = async () => {
    await db.close();
  };
  try {
    onTestFinished(close);
  } catch {
    afterAll(close);
  }
  return db;
}
