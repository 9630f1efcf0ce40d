import pg from "pg";

/**
 * With TEST_DATABASE_URL set, the e2e server runs on its own PostgreSQL database
 * (rp_e2e_<port>), recreated before each run, so that a spec can read what the server
 * wrote (email_outbox) while the server runs. Without it, the server runs on PGlite
 * and specs that need the database skip themselves.
 */
export function e2eDatabaseUrl(port: number | string, serverUrl: string | undefined = process.env.TEST_DATABASE_URL): string {
  if (!serverUrl) return "";
  const url = new URL(serverUrl);
  url.pathname = `/rp_e2e_${port}`;
  return url.toString();
}

async function recreate(): Promise<void> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return;
  const name = `rp_e2e_${Number(process.env.E2E_PORT ?? 3100)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

if (process.argv[1]?.endsWith("subscribers-e2e-database.ts")) {
  recreate().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
