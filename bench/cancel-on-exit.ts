import { spawnSync } from "node:child_process";

/**
 * An interrupted benchmark must leave nothing running in the database. PostgreSQL does
 * not notice that a client went away while it executes a statement (it finds out when it
 * next writes to the socket), so a bench stopped with Ctrl-C in the middle of a
 * 100,000-row UPDATE would leave the UPDATE running, holding its locks, for minutes.
 *
 * Every connection a bench opens (its own pools and the processes it starts) carries one
 * application_name; on any exit (normal end, an error, SIGINT, SIGTERM, SIGHUP) the bench
 * terminates every backend with that name, synchronously with psql, since an exit handler
 * cannot wait for a promise. Only SIGKILL escapes.
 */
export function benchApplicationName(bench: string): string {
  return `rp-bench-${bench}-${process.pid}`;
}

/** `url` with application_name set (pg reads it from the connection string). */
export function withApplicationName(url: string, applicationName: string): string {
  const u = new URL(url);
  u.searchParams.set("application_name", applicationName);
  return u.toString();
}

/** Installs the exit hook; `serverUrl` is any database on the server (the hook connects there). */
export function cancelStatementsOnExit(serverUrl: string, applicationName: string): void {
  const admin = new URL(serverUrl);
  admin.searchParams.delete("application_name");
  const sql = `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '${applicationName.replaceAll("'", "")}' AND pid <> pg_backend_pid()`;
  let interrupted = false;
  process.on("exit", () => {
    const result = spawnSync("psql", [admin.toString(), "-qAtc", sql], { encoding: "utf8", timeout: 10_000 });
    const ended = Number(result.stdout?.trim() || 0);
    if (ended > 0 || interrupted) console.error(`bench: ended ${ended} database session(s) still open for ${applicationName}`);
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      interrupted = true;
      process.exit(130);
    });
  }
}
