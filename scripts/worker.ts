// First: React and Next pick their build from NODE_ENV when loaded (scripts/production-runtime.ts).
import "./production-runtime";
import { env } from "../lib/env";
import { migrate } from "../lib/migrate";
import { startMailWorker } from "../lib/mail/worker";
import { startWebhookWorker } from "../lib/webhooks/worker";
import { onShutdown, withDatabase } from "./bootstrap";

/**
 * `npm run worker`: the outbox workers (mail, and webhook deliveries) as their own process (scale out beside the web
 * processes; with PostgreSQL only: PGlite's data directory belongs to one process).
 * SIGTERM/SIGINT: in-flight sends finish, unstarted claims go back to the queue.
 * `--until-empty` exits when nothing is queued or sending (drills and one-off drains);
 * `--until-idle` when nothing is due now (later retries and coalescing windows wait).
 */
const until = process.argv.includes("--until-empty") ? ("empty" as const) : process.argv.includes("--until-idle") ? ("idle" as const) : undefined;

await withDatabase(async (db) => {
  await migrate(db.driver);
  const worker = startMailWorker({ db, ...(until ? { until } : {}) });
  const webhooks = startWebhookWorker({ db, ...(until ? { until } : {}) });
  const e = env();
  console.log(
    `Mail worker ${worker.id}: ${e.SMTP_URL ? "SMTP" : "captured (no SMTP_URL)"}, concurrency ${e.MAIL_CONCURRENCY}` +
      (e.MAIL_RATE_PER_SECOND > 0 ? `, at most ${e.MAIL_RATE_PER_SECOND}/s` : ""),
  );
  console.log(`Webhook worker ${webhooks.id}: concurrency ${e.WEBHOOK_CONCURRENCY}${e.WEBHOOKS_ALLOW_PRIVATE ? ", private targets allowed (WEBHOOKS_ALLOW_PRIVATE)" : ""}`);
  onShutdown(async () => {
    await Promise.all([worker.stop(), webhooks.stop()]);
  });
  await Promise.all([worker.done, webhooks.done]);
  console.log(`Mail worker stopped: ${JSON.stringify(worker.stats)}`);
  console.log(`Webhook worker stopped: ${JSON.stringify(webhooks.stats)}`);
});
