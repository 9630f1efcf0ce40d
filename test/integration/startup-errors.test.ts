import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { GET as healthGET } from "@/app/api/health/route";
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

  it("reports the database as unavailable when it is unreachable, with no driver text, host or user name", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    setDatabase(await openDatabase({ url: "postgres://postgres@127.0.0.1:1/nowhere", max: 1 }));
    const response = await healthGET(new Request("http://localhost/api/health"));
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ status: "unavailable", live: true, database: { ready: false } });
    for (const leak of ["refused", "127.0.0.1", "postgres", "nowhere", "ECONN"]) expect(text).not.toContain(leak);
    // The reason is in the server log.
    expect(warn.mock.calls.flat().join(" ")).toContain("connection refused");
    warn.mockRestore();
    await closeDatabase();
  });
});
