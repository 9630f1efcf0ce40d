import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { AppError } from "../errors";

/**
 * PostgreSQL's own client programs (pg_dump, pg_restore, psql), found on PATH or in
 * Debian's /usr/lib/postgresql/<version>/bin (the newest: pg_dump refuses servers newer
 * than itself, and reads older ones).
 */
export type PgTool = "pg_dump" | "pg_restore" | "psql";

export function findPgTool(tool: PgTool): string {
  const debian = "/usr/lib/postgresql";
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = [
    ...versions.map((v) => path.join(debian, v, "bin", tool)),
    ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, tool)),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new AppError("UNAVAILABLE", `${tool} not found: install PostgreSQL's client programs (Debian: apt-get install postgresql-client) or put ${tool} on PATH.`);
  }
  return found;
}

export interface ToolRun {
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs a tool to completion. `stdin` may be another tool's stdout (a pipe); a non-zero
 * exit rejects with its last stderr lines.
 */
export function runPgTool(
  tool: PgTool,
  args: string[],
  options: { stdin?: NodeJS.ReadableStream; keepStdout?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<ToolRun> & { child: ReturnType<typeof spawn> } {
  const child = spawn(findPgTool(tool), args, {
    stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"],
    env: { ...process.env, PGCONNECT_TIMEOUT: "10", ...options.env },
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  if (options.stdin && child.stdin) options.stdin.pipe(child.stdin);
  const promise = new Promise<ToolRun>((resolve, reject) => {
    child.stdout?.on("data", (b: Buffer) => {
      if (options.keepStdout !== false) out.push(b);
    });
    child.stderr?.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString("utf8");
      if (code === 0) resolve({ stdout: Buffer.concat(out), stderr });
      else reject(new PgToolError(tool, code, stderr));
    });
  });
  return Object.assign(promise, { child });
}

export class PgToolError extends Error {
  constructor(
    readonly tool: PgTool,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    const lines = stderr.trim().split("\n").filter(Boolean);
    super(`${tool} failed (exit ${exitCode}): ${lines.slice(-3).join(" / ") || "no message"}`);
    this.name = "PgToolError";
  }
}
