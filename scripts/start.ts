// First: React and Next pick their build from NODE_ENV when loaded (scripts/production-runtime.ts).
import "./production-runtime";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import next from "next";
import { startAggregateSnapshots } from "../lib/aggregates/snapshot-job";
import { closeDatabase, database } from "../lib/db";
import { withAccountPageFastPath } from "../app/account/[token]/fast-path";
import { env, publicUrl } from "../lib/env";
import { splitLocalePath } from "../lib/i18n/routing";
import { hstsHeader } from "../lib/http/hsts";
import { migrate } from "../lib/migrate";
import { warmUpMailTemplates } from "../lib/mail/preview-email";
import { startMailWorker, type MailWorker } from "../lib/mail/worker";
import { startWebhookWorker, type WebhookWorker } from "../lib/webhooks/worker";
import { withPublicResponseCache } from "../lib/public/response-cache";
import { listenForPublicChanges } from "../lib/public/public-change-channel";
import { startImportJobSweeper } from "../lib/imports/import-job-runner";
import { startBackgroundJobSweeper } from "../lib/jobs/job-kinds";
import { inFlightRequests } from "../lib/http/in-flight";
import { invalidatePublicCaches } from "../lib/public/revalidate";
import { prepareFirstRun } from "../lib/seed/first-run";
import { fail, onShutdown } from "./bootstrap";

/**
 * `npm start`: build when no current build exists, migrate, seed the demo into an empty
 * database when wanted (lib/seed/first-run.ts), then serve Next in this process. In-process because PGlite's data directory belongs
 * to one process: the pages and this script share the one database instance.
 */
const root = process.cwd();
let config;
try {
  config = env();
} catch (error) {
  fail(error);
}

function sourceHash(): string {
  const hash = createHash("sha256");
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) {
      if (p.endsWith(path.join("lib", "generated"))) return;
      for (const entry of readdirSync(p).sort()) visit(path.join(p, entry));
    } else {
      hash.update(p).update(readFileSync(p));
    }
  };
  for (const p of ["app", "components", "lib", "messages", "prisma/schema.prisma", "next.config.ts", "proxy.ts", "package-lock.json", "tsconfig.json"]) {
    visit(path.join(root, p));
  }
  return hash.digest("hex");
}

const hashFile = path.join(root, ".next", "source-hash");
const currentHash = sourceHash();
const built = existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(hashFile) && readFileSync(hashFile, "utf8") === currentHash;
if (!built) {
  console.log("No current build: running next build (this takes a minute or two the first time)...");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) fail(new Error("next build failed"));
  writeFileSync(hashFile, currentHash);
}

let db;
let firstRun: Awaited<ReturnType<typeof prepareFirstRun>> = { seeded: null, lines: [] };
try {
  db = await database();
  const migrated = await migrate(db.driver);
  if (migrated.applied.length) console.log(`Applied migrations: ${migrated.applied.join(", ")}`);
  firstRun = await prepareFirstRun(db, config, { log: (line) => console.log(line) });
} catch (error) {
  await closeDatabase().catch(() => {});
  fail(error);
}

// Before Next loads its own React into this process (see warmUpMailTemplates).
if (config.MAIL_WORKER_IN_PROCESS) await warmUpMailTemplates();

process.env.NEXT_TELEMETRY_DISABLED = "1";
// No `hostname`: Next builds each request's own URL from it, and a rewrite in proxy.ts (the
// one-click unsubscribe POST) names the host "localhost"; with another name there Next would
// take the rewrite for an external one and fetch it through the proxy again.
// This process's http server below listens on HOST.
const app = next({ dev: false, dir: root, port: config.PORT });
await app.prepare();
const handle = app.getRequestHandler();
// Public pages, feeds and API are answered from a short-lived in-memory copy when
// one exists (lib/public/response-cache.ts); everything else goes straight to Next.
// The private page behind the emailed link: valid links are rendered in front of Next
// from its prerendered shell ("app/account/[token]/fast-path.tsx", decision 045).
// A stop waits for the answers still being written (lib/http/in-flight.ts).
const inFlight = inFlightRequests();
const accountPages = withAccountPageFastPath((req, res) => {
  void handle(req, res).finally(() => inFlight.finished(res));
});
const pathOf = (url = "/") => {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
};
// Everything the micro-cache does not answer from memory (a hit reads no header of these
// and runs none of the app's code, so it skips them).
const toApp = (req: IncomingMessage, res: ServerResponse) => {
  inFlight.track(res);
  // The socket address for rate limits and audit (lib/http/client-ip.ts); overwrites any
  // value a client sent, so it cannot be spoofed.
  req.headers["x-rp-remote-addr"] = req.socket.remoteAddress ?? "";
  // The page's language for next-intl's getLocale() (not-found pages, which get no params):
  // next-intl's middleware used to set it; the languages' routing is next.config.ts's now
  // (decision 040). Always overwritten, never a client's.
  req.headers["x-next-intl-locale"] = splitLocalePath(pathOf(req.url)).locale;
  accountPages.handler(req, res);
};
const cachedHandler = withPublicResponseCache(toApp);
const hsts = hstsHeader(publicUrl());
const server = createServer((req, res) => {
  if (hsts) res.setHeader("Strict-Transport-Security", hsts);
  cachedHandler(req, res);
});
const stopSnapshots = startAggregateSnapshots();
// Another instance published: empty this one's public caches at once (PostgreSQL NOTIFY).
const publicChanges = config.DATABASE_URL ? listenForPublicChanges(config.DATABASE_URL, invalidatePublicCaches) : undefined;
// Import runs whose instance died (or this one, before a restart) are taken over here.
const stopImportSweeper = startImportJobSweeper(db);
// The same for the other background jobs: bulk state change files, update and letter fan-out.
const stopJobSweeper = startBackgroundJobSweeper(db);
server.on("error", (error) => {
  void closeDatabase().finally(() => fail(error));
});
server.listen(config.PORT, config.HOST, () => {
  const self = ["0.0.0.0", "::", ""].includes(config.HOST) ? "127.0.0.1" : config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
  void accountPages.load(`http://${self}:${config.PORT}`);
  const where = config.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PostgreSQL in ${path.resolve(config.DATA_DIR)}`;
  console.log(`Recovery Portal is running at http://localhost:${config.PORT} on ${where}`);
  console.log(`Staff console: http://localhost:${config.PORT}/admin`);
  for (const line of firstRun.lines) console.log(line);
});

// The mail worker shares this process's database (PGlite has one owner); turn it off
// with MAIL_WORKER_IN_PROCESS=false when `npm run worker` processes do the sending.
// The webhook deliveries' worker goes with it (the same switch: both are outbox workers).
let mailWorker: MailWorker | undefined;
let webhookWorker: WebhookWorker | undefined;
if (config.MAIL_WORKER_IN_PROCESS) {
  mailWorker = startMailWorker({ db });
  webhookWorker = startWebhookWorker({ db });
}

onShutdown(async () => {
  stopSnapshots();
  stopImportSweeper();
  stopJobSweeper();
  await publicChanges?.stop();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Handlers whose client went away outlive their connection: let them finish their queries.
  if (!(await inFlight.drained(10_000))) console.error(`stopping with ${inFlight.count} request(s) still unanswered after 10 s`);
  await closed;
  await Promise.all([mailWorker?.stop(), webhookWorker?.stop()]);
  await closeDatabase();
});
