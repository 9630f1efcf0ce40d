import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { recordAudit } from "../audit/record-audit";
import type { Database } from "../db";
import { env } from "../env";
import type { WebhookFormat } from "../generated/prisma/enums";
import { createClaims } from "../outbox/claims";
import { createMarks } from "../outbox/marks";
import type { OutboxTable } from "../outbox/outbox-sql";
import { runOutboxWorker, type Outcome, type OutboxWorkerStats } from "../outbox/run-outbox-worker";
import { webhookBody } from "./webhook-body";
import { webhookTestEvent } from "./webhook-events";
import { decryptWebhookSecret } from "./webhook-secret";
import { WebhookTargetRefusedError } from "./webhook-target";
import { describePostError, postWebhook } from "./post-webhook";

/**
 * The webhook worker: the outbox loop of lib/outbox/ (claims and leases, marks, backoff,
 * parking: the same as mail's) around one signed POST per delivery. A 2xx answer is
 * delivered; any other answer, a timeout or a network error is retried with exponential
 * backoff and jitter, and parked after WEBHOOK_MAX_ATTEMPTS; a target refused by the
 * address check (a name that now resolves to a private address) parks at once. Every
 * failed attempt counts against the endpoint: WEBHOOK_DISABLE_AFTER_FAILURES in a row
 * disable it (the staff dashboard says so) and its deliveries park until an admin
 * enables it and resends them. Delivery is at least once: receivers dedupe by the
 * webhook-id header, the same on every retry and resend.
 * docs/decisions/028-signed-webhooks.md
 */
export interface WebhookDeliveryRow {
  id: number;
  endpointId: string;
  messageId: string;
  eventType: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  attempts: number;
}

export const webhookOutbox: OutboxTable = {
  table: "webhook_delivery",
  statusType: "WebhookStatus",
  returning: `"id", "endpoint_id" AS "endpointId", "message_id" AS "messageId", "event_type" AS "eventType", "payload",
              "created_at" AS "createdAt", "attempts"`,
};

export interface WebhookWorkerOptions {
  db: Pick<Database, "prisma" | "driver">;
  workerId?: string;
  inFlight?: number;
  maxAttempts?: number;
  backoffBaseSeconds?: number;
  timeoutSeconds?: number;
  disableAfterFailures?: number;
  allowPrivate?: boolean;
  leaseSeconds?: number;
  pollMs?: number;
  batchSize?: number;
  log?: (message: string) => void;
  until?: "idle" | "empty";
}

export interface WebhookWorker {
  readonly id: string;
  readonly stats: OutboxWorkerStats;
  readonly done: Promise<void>;
  stop(options?: { graceMs?: number }): Promise<void>;
}

interface EndpointRow {
  id: string;
  url: string;
  format: WebhookFormat;
  secretCiphertext: string;
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
}

const endpointColumns = `"id", "url", "format", "secret_ciphertext" AS "secretCiphertext", "enabled", "disabled_reason" AS "disabledReason",
  "consecutive_failures" AS "consecutiveFailures"`;

export function startWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const e = env();
  const { db } = options;
  const id = options.workerId ?? `${hostname()}:${process.pid}:webhooks:${randomBytes(3).toString("hex")}`;
  const maxAttempts = options.maxAttempts ?? e.WEBHOOK_MAX_ATTEMPTS;
  const inFlight = options.inFlight ?? e.WEBHOOK_CONCURRENCY;
  const timeoutMs = (options.timeoutSeconds ?? e.WEBHOOK_TIMEOUT_SECONDS) * 1000;
  const disableAfter = options.disableAfterFailures ?? e.WEBHOOK_DISABLE_AFTER_FAILURES;
  const allowPrivate = options.allowPrivate ?? e.WEBHOOKS_ALLOW_PRIVATE;
  const log = options.log ?? ((m: string) => console.warn(`webhook worker: ${m}`));
  const describeError = describePostError;

  // Endpoints of the claimed batch, read once per batch (set-based), by id.
  const endpoints = new Map<string, EndpointRow>();
  // Success is written at most every 10 s per endpoint (a million account.restored
  // deliveries must not each update one endpoint row), at once when it ends a failure run.
  const lastSuccessWrite = new Map<string, number>();

  async function prepare(rows: WebhookDeliveryRow[]): Promise<void> {
    const ids = [...new Set(rows.map((r) => r.endpointId))];
    const found = await db.driver.query<EndpointRow>(`SELECT ${endpointColumns} FROM "webhook_endpoint" WHERE "id" = ANY($1::uuid[])`, [ids]);
    for (const id of ids) endpoints.delete(id);
    for (const ep of found) endpoints.set(ep.id, ep);
  }

  async function recordSuccess(ep: EndpointRow): Promise<void> {
    const last = lastSuccessWrite.get(ep.id) ?? 0;
    if (ep.consecutiveFailures === 0 && Date.now() - last < 10_000) return;
    lastSuccessWrite.set(ep.id, Date.now());
    ep.consecutiveFailures = 0;
    await db.driver.query(`UPDATE "webhook_endpoint" SET "consecutive_failures" = 0, "last_success_at" = now() WHERE "id" = $1::uuid`, [ep.id]);
  }

  /** Counts a failed attempt; returns the reason the endpoint is disabled, when it is (now or before). */
  async function recordFailure(ep: EndpointRow, reason: string): Promise<string | null> {
    const [row] = await db.driver.query<{ enabled: boolean; disabledReason: string | null; justDisabled: boolean; failures: number }>(
      `WITH "before" AS (SELECT "enabled" FROM "webhook_endpoint" WHERE "id" = $1::uuid)
       UPDATE "webhook_endpoint" w SET "consecutive_failures" = w."consecutive_failures" + 1,
              "enabled" = w."enabled" AND NOT ($2::int > 0 AND w."consecutive_failures" + 1 >= $2::int),
              "disabled_at" = CASE WHEN w."enabled" AND $2::int > 0 AND w."consecutive_failures" + 1 >= $2::int THEN now() ELSE w."disabled_at" END,
              "disabled_reason" = CASE WHEN w."enabled" AND $2::int > 0 AND w."consecutive_failures" + 1 >= $2::int
                                       THEN 'disabled after ' || (w."consecutive_failures" + 1) || ' failed attempts in a row; the last: ' || left($3, 300)
                                       ELSE w."disabled_reason" END,
              "updated_at" = now()
       FROM "before" b WHERE w."id" = $1::uuid
       RETURNING w."enabled", w."disabled_reason" AS "disabledReason", (b."enabled" AND NOT w."enabled") AS "justDisabled",
                 w."consecutive_failures" AS "failures"`,
      [ep.id, disableAfter, reason],
    );
    if (!row) return "the endpoint was deleted";
    ep.consecutiveFailures = row.failures;
    ep.enabled = row.enabled;
    if (row.justDisabled) {
      ep.disabledReason = row.disabledReason;
      log(`endpoint ${ep.id} ${row.disabledReason ?? "disabled"}`);
      await recordAudit(db.prisma, { type: "system", id: null, label: "webhook worker" }, {
        action: "webhook.disable",
        targetType: "webhook_endpoint",
        targetId: ep.id,
        before: { enabled: true },
        after: { enabled: false, reason: row.disabledReason },
      });
    }
    return row.enabled ? null : (row.disabledReason ?? "disabled");
  }

  async function deliver(row: WebhookDeliveryRow): Promise<Outcome> {
    let ep = endpoints.get(row.endpointId);
    if (!ep) {
      await prepare([row]);
      ep = endpoints.get(row.endpointId);
      if (!ep) return { result: "park", reason: "the endpoint was deleted" };
    }
    // A test delivery goes out even to a disabled endpoint: it is how an admin checks a fix before enabling it.
    if (!ep.enabled && row.eventType !== webhookTestEvent) return { result: "park", reason: `not sent: the endpoint is disabled (${ep.disabledReason ?? "by an admin"})` };
    let secret: string;
    try {
      secret = decryptWebhookSecret(ep.secretCiphertext);
    } catch (error) {
      return { result: "park", reason: describeError(error) };
    }
    const body = webhookBody(ep.format, { type: row.eventType, timestamp: new Date(row.createdAt), data: row.payload });
    const now = new Date();
    const headers = {
      "content-type": "application/json",
      "user-agent": "RecoveryPortal-Webhooks/1",
      "webhook-id": row.messageId,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(row.messageId, now, body),
    };
    let failure: { reason: string; permanent: boolean };
    try {
      const answer = await postWebhook({ url: ep.url, headers, body, timeoutMs, allowPrivate });
      if (answer.status >= 200 && answer.status < 300) {
        await recordSuccess(ep).catch((error: unknown) => log(`recording a success for ${ep.id} failed: ${describeError(error)}`));
        return { result: "sent", values: [`HTTP ${answer.status} in ${answer.ms} ms`] };
      }
      const excerpt = answer.excerpt.replace(/\s+/g, " ").trim().slice(0, 200);
      const redirect = answer.status >= 300 && answer.status < 400 ? " (redirects are not followed: register the final URL)" : "";
      failure = { reason: `HTTP ${answer.status}${redirect}${excerpt ? `: ${excerpt}` : ""}`, permanent: false };
    } catch (error) {
      failure = { reason: describeError(error), permanent: error instanceof WebhookTargetRefusedError };
    }
    const disabled = await recordFailure(ep, failure.reason);
    if (disabled && row.eventType !== webhookTestEvent) return { result: "park", reason: `${failure.reason}; endpoint ${disabled}` };
    return failure.permanent ? { result: "park", reason: failure.reason } : { result: "retry", reason: failure.reason };
  }

  const worker = runOutboxWorker<WebhookDeliveryRow>({
    claims: createClaims({ driver: db.driver, table: webhookOutbox, workerId: id, leaseSeconds: options.leaseSeconds ?? e.MAIL_LEASE_SECONDS, maxAttempts }),
    marks: createMarks({
      driver: db.driver,
      table: webhookOutbox,
      sentColumns: ["last_response"],
      sentExtraSet: `"sent_at" = now(), "last_error" = NULL`,
      maxAttempts,
      backoffBaseSeconds: options.backoffBaseSeconds ?? e.WEBHOOK_BACKOFF_BASE_SECONDS,
      log,
      describeError,
    }),
    prepare,
    deliver,
    inFlight,
    batchSize: options.batchSize ?? Math.max(20, inFlight * 4),
    pollMs: options.pollMs ?? e.MAIL_POLL_MS,
    ...(options.until ? { until: options.until } : {}),
    log,
    describeError,
  });
  return { id, stats: worker.stats, done: worker.done, stop: worker.stop };
}
