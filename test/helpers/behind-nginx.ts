import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import path from "node:path";

/**
 * Real parts for the tests and benchmarks that put nginx in front of the app: the
 * shipped deploy/nginx.conf made runnable here (ports swapped, plain HTTP, paths in a
 * scratch directory), Debian's nginx started on it, and `npm start` instances.
 */
export const nginxBinary = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p));

/** A free TCP port on 127.0.0.1 (the system picks: parallel checkouts cannot collide). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** One access-log line per request: whether the cache answered, and which origin did. */
export const accessLogFormat = "$upstream_cache_status|$upstream_addr|$request_uri|$status";

export interface NginxConfigOptions {
  port: number;
  upstreamPorts: number[];
  dir: string;
  /** Applied to the site text last: tests prove a guard by breaking it. */
  edit?: (site: string) => string;
}

/** deploy/nginx.conf, as a complete nginx.conf that runs unprivileged in `dir`. */
export function localNginxConfig(options: NginxConfigOptions): string {
  const shipped = readFileSync(path.resolve("deploy/nginx.conf"), "utf8");
  let site = shipped
    .replace(/# BEGIN redirect[\s\S]*?# END redirect\n/, "")
    .replace(/^\s*listen \[::\]:443.*\n/m, "")
    .replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${options.port};`)
    .replace(/^\s*ssl_.*\n/gm, "")
    .replace(/^\s*server 127\.0\.0\.1:3000 .*\n/m, options.upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=3 fail_timeout=10s;\n`).join(""))
    .replaceAll("/var/cache/nginx/recovery-portal", path.join(options.dir, "cache"));
  if (site.includes("listen 443") || site.includes(":3000")) throw new Error("deploy/nginx.conf changed shape: update localNginxConfig");
  if (options.edit) site = options.edit(site);
  const d = (name: string) => path.join(options.dir, name);
  return [
    // Started as root (CI), nginx would run its workers as nobody, who cannot enter a
    // private scratch directory: keep them as the user that started it.
    ...(process.getuid?.() === 0 ? ["user root;"] : []),
    "worker_processes 1;",
    `pid ${d("nginx.pid")};`,
    `error_log ${d("error.log")} warn;`,
    "events { worker_connections 4096; }",
    "http {",
    `  log_format cache '${accessLogFormat}';`,
    `  access_log ${d("access.log")} cache;`,
    // Background cache updates are subrequests: log them, they reach the origin too.
    "  log_subrequest on;",
    `  client_body_temp_path ${d("body")};`,
    `  proxy_temp_path ${d("proxy")};`,
    `  fastcgi_temp_path ${d("fastcgi")};`,
    `  uwsgi_temp_path ${d("uwsgi")};`,
    `  scgi_temp_path ${d("scgi")};`,
    site,
    "}",
  ].join("\n");
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

function waitForPort(port: number, timeoutMs: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`exited with ${child.exitCode}:\n${output()}`));
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on ${port}:\n${output()}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function stopper(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(signal);
    });
}

/** Debian's nginx on the shipped configuration; `stop` ends it (SIGQUIT: graceful). */
export async function startNginx(options: NginxConfigOptions): Promise<RunningProcess & { accessLog: () => string[] }> {
  if (!nginxBinary) throw new Error("nginx is not installed (apt-get install nginx)");
  for (const sub of ["", "cache", "body", "proxy", "fastcgi", "uwsgi", "scgi"]) {
    mkdirSync(path.join(options.dir, sub), { recursive: true });
    chmodSync(path.join(options.dir, sub), 0o777);
  }
  const conf = path.join(options.dir, "nginx.conf");
  writeFileSync(conf, localNginxConfig(options));
  const check = spawnSync(nginxBinary, ["-p", options.dir, "-c", conf, "-t"], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
  const child = spawn(nginxBinary, ["-p", options.dir, "-c", conf, "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += String(d)));
  child.stderr!.on("data", (d) => (output += String(d)));
  await waitForPort(options.port, 10_000, child, () => output);
  const accessLog = () => {
    const file = path.join(options.dir, "access.log");
    return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  };
  return { child, output: () => output, stop: stopper(child, "SIGQUIT"), accessLog };
}

/** `npm start` (the built app) with these settings; resolves once it listens. */
export async function startPortal(port: number, env: Record<string, string>): Promise<RunningProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += String(d)));
  child.stderr!.on("data", (d) => (output += String(d)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${output}`)), 300_000);
    child.stdout!.on("data", () => {
      if (output.includes("Recovery Portal is running at")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`the app exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output, stop: stopper(child) };
}

/** Requests per path that nginx passed to an origin (the cache did not answer alone). */
export function originRequests(lines: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const [, upstream, uri] = line.split("|");
    if (!uri || !upstream || upstream === "-") continue;
    counts.set(uri, (counts.get(uri) ?? 0) + 1);
  }
  return counts;
}
