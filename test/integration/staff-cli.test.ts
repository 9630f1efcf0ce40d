import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { hashApiKey } from "@/lib/auth/api-keys";
import { openDatabase } from "@/lib/db";
import { engine, useTestDatabase } from "../helpers/db";

const run = promisify(execFile);

/**
 * `npm run cli` as an operator runs it: a separate process on the same database
 * (a PostgreSQL database of its own, or an embedded one in a temporary DATA_DIR).
 */
describe("operator CLI", { timeout: 180_000 }, async () => {
  const db = engine === "postgres" ? await useTestDatabase() : null;
  const dataDir = mkdtempSync(path.join(tmpdir(), "rp-cli-"));
  const env = { ...process.env, NODE_ENV: "test" as const, DATA_DIR: dataDir, DATABASE_URL: db?.url ?? "", PUBLIC_URL: "https://status.example.com" };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (db) return db.driver.query<T>(sql, params);
    const opened = await openDatabase({ dataDir });
    try {
      return await opened.driver.query<T>(sql, params);
    } finally {
      await opened.close();
    }
  }

  it("--help lists the commands; an unknown command or a bad option exits 2", async () => {
    const help = await cli("--help");
    expect(help.code).toBe(0);
    for (const command of ["create-staff", "create-api-key", "import", "create-incident", "publish-update", "publish-letter", "status"]) expect(help.stdout).toContain(command);
    expect((await cli("frobnicate")).code).toBe(2);
    expect((await cli("create-staff", "--email", "x@example.com", "--role", "king")).code).toBe(2);
    // `import` is wired to the bulk import (tested in imports-cli): a missing file is a usage error.
    const missing = await cli("import", "no-such-file.csv");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No such file");
  });

  it("create-staff without a password prints a one-time invite link; with one the member gets a password credential", async () => {
    const invited = await cli("create-staff", "--email", "Ops@Example.com", "--role", "support");
    expect(invited.code).toBe(0);
    expect(invited.stdout).toMatch(/https:\/\/status\.example\.com\/admin\/invite\/[A-Za-z0-9_-]{40,}/);
    const withPassword = await cli("create-staff", "--email", "ed@example.com", "--role", "editor", "--password", "an-editor-password");
    expect(withPassword.code).toBe(0);
    expect((await cli("create-staff", "--email", "ed@example.com", "--role", "editor")).code).toBe(1);
    const rows = await query<{ email: string; role: string; has_password: boolean }>(
      `SELECT u.email, u.role::text, (c.password IS NOT NULL) AS has_password FROM staff_user u LEFT JOIN staff_credential c ON c.user_id = u.id ORDER BY u.email`,
    );
    expect(rows).toEqual([
      { email: "ed@example.com", role: "editor", has_password: true },
      { email: "ops@example.com", role: "support", has_password: false },
    ]);
    const audit = await query<{ action: string; actor_type: string }>(`SELECT action, actor_type::text FROM audit_log ORDER BY id`);
    expect(audit).toEqual([
      { action: "staff.invite", actor_type: "system" },
      { action: "staff.create", actor_type: "system" },
    ]);
  });

  it("create-api-key prints the key once and stores only its hash", async () => {
    const created = await cli("create-api-key", "--name", "pipeline", "--scope", "restores:write", "--scope", "status:read");
    expect(created.code).toBe(0);
    const key = /rp_[A-Za-z0-9_-]+/.exec(created.stdout)?.[0] ?? "";
    expect(key.length).toBeGreaterThan(40);
    const rows = await query<{ key_hash: string; scopes: string[] }>(`SELECT key_hash, scopes FROM api_key WHERE name = 'pipeline'`);
    expect(rows).toEqual([{ key_hash: hashApiKey(key), scopes: ["restores:write", "status:read"] }]);
    expect((await cli("create-api-key", "--name", "x", "--scope", "everything")).code).toBe(2);
  });
});
