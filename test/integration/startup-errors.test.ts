import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { checkHealth } from "@/lib/health/check-health";
import { closeDatabase, openDatabase, setDatabase } from "@/lib/db";

const run = promisify(execFile);

async function migrateWith(env: Record<string, string>) {
  try {
    await run(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], { env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stderr: "" };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe("start-up with bad configuration", () => {
  it("stops with one line naming a malformed variable", async () => {
    const result = await migrateWith({ PORT: "not-a-port" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("Invalid environment variable PORT: must be a port number from 1 to 65535");
  });

  it("stops with a clear line, not a stack trace, when DATABASE_URL is unreachable", async () => {
    const result = await migrateWith({ DATABASE_URL: "postgres://postgres@127.0.0.1:1/nowhere" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("Error: connection refused");
  });

  it("reports the database as not ready when it is unreachable", async () => {
    setDatabase(await openDatabase({ url: "postgres://postgres@127.0.0.1:1/nowhere", max: 1 }));
    const health = await checkHealth(1_000);
    expect(health).toMatchObject({ status: "degraded", live: true, database: { ready: false, error: "connection refused" } });
    await closeDatabase();
  });
});
