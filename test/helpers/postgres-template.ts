import pg from "pg";
import { openDatabase } from "../../lib/db";
import { migrate } from "../../lib/migrate";

/** Migrates one template database per run; each test file copies it (CREATE DATABASE ... TEMPLATE). */
export const TEMPLATE_DB = process.env.TEST_TEMPLATE_DB ?? "rp_test_template";

export function serverUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${TEMPLATE_DB}`);
  const db = await openDatabase({ url: serverUrl(TEMPLATE_DB), max: 1 });
  try {
    await migrate(db.driver);
  } finally {
    await db.close();
  }
  return async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  };
}
