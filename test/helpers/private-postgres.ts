import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A PostgreSQL server of a test's own (initdb in a scratch directory, its own port), for
 * drills that restart or stop the server: the shared one on 5432 serves every other
 * test. As root, the server runs as the `postgres` user (PostgreSQL refuses root).
 * The port is chosen at random among high ports and another is tried when the server does
 * not start (a fixed port failed once in CI, when something already held it); the error
 * carries the tail of the server's own log, which says why. A server whose test process
 * was killed before its afterAll (a timeout, Ctrl-C) is stopped by the next start.
 */
const binDir = (() => {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const version = readdirSync(base).sort((a, b) => Number(b) - Number(a))[0];
  return version ? path.join(base, version, "bin") : undefined;
})();
export const privatePostgresAvailable = Boolean(binDir && existsSync(path.join(binDir, "initdb")));

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  /** pg_ctl restart -m fast: every connection is cut, the server is back when it returns. */
  restart(): void;
  stop(): void;
}

export function startPrivatePostgres(): PrivatePostgres {
  stopOrphans();
  const failures: string[] = [];
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = 40_000 + Math.floor(Math.random() * 20_000);
    try {
      return startOn(port);
    } catch (error) {
      failures.push(`port ${port}: ${(error as Error).message}`);
    }
  }
  throw new Error(`the private PostgreSQL server did not start:\n${failures.join("\n")}`);
}

const prefix = "rp-private-pg-";
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/** Whether `pid` is the server of `dir` (a stale pid may name another process by now). */
const serves = (pid: number, dir: string) => Number.isInteger(pid) && pid > 0 && alive(pid) && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir);

/** Servers left by a test process that no longer runs: stopped, their directories removed. */
function stopOrphans(): void {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(prefix))) {
    const dir = path.join(tmpdir(), name);
    const owner = Number(existsSync(path.join(dir, "owner.pid")) ? readFileSync(path.join(dir, "owner.pid"), "utf8") : NaN);
    if (!Number.isInteger(owner) || alive(owner)) continue;
    const pidFile = path.join(dir, "data", "postmaster.pid");
    const server = existsSync(pidFile) ? Number(readFileSync(pidFile, "utf8").split("\n")[0]) : NaN;
    try {
      if (serves(server, dir)) process.kill(server, "SIGQUIT"); // immediate shutdown
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    } catch {
      // Not ours to stop (another user's), or still shutting down: the next start tries again.
    }
  }
}

function startOn(port: number): PrivatePostgres {
  if (!binDir) throw new Error("PostgreSQL server binaries are not installed");
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  writeFileSync(path.join(dir, "owner.pid"), String(process.pid));
  const run = (bin: string, args: string[]) => {
    const command = path.join(binDir, bin);
    execFileSync(asRoot ? "runuser" : command, asRoot ? ["-u", "postgres", "--", command, ...args] : args, { stdio: "pipe", timeout: 60_000 });
  };
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const log = path.join(dir, "server.log");
  try {
    run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    run("pg_ctl", ["-D", data, "-o", options, "-l", log, "-w", "-t", "60", "start"]);
  } catch (error) {
    const serverLog = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-15).join("\n") : "(no server log)";
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "").trim();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${stderr || (error as Error).message}\n${serverLog}`, { cause: error });
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () => run("pg_ctl", ["-D", data, "-o", options, "-l", log, "-m", "fast", "-w", "-t", "60", "restart"]),
    stop: () => {
      if (stopped) return;
      stopped = true;
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
