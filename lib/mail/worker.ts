import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Database } from "../db";
import { env, publicUrl } from "../env";
import type { EmailKind } from "../generated/prisma/enums";
import { createClaims } from "../outbox/claims";
import { createMarks } from "../outbox/marks";
import { createPacer } from "../outbox/rate-limiter";
import { runOutboxWorker, type OutboxWorkerStats } from "../outbox/run-outbox-worker";
import { mailKinds, type MailKind } from "./kinds";
import { emailOutbox, type OutboxRow } from "./outbox-row";
import { secretPayloadKeysSql } from "./redact";
import { createSendPipeline } from "./send-pipeline";
import { createTransport, describeSendError, dkimFromEnv, listIdFor, type MailTransport } from "./transport";

export { retryDelaySeconds } from "../outbox/backoff";

/**
 * The mail worker: the outbox loop of lib/outbox/ (claims and leases, marks, pacing)
 * around the mail send pipeline (send-pipeline.ts: prepare each kind set-based, render,
 * send). 4xx replies and network errors are retried with exponential backoff and jitter,
 * then parked after MAIL_MAX_ATTEMPTS; a 5xx reply parks the message at once. Delivery
 * is at least once; a duplicate needs a crash between the SMTP server's 250 and the
 * batched "sent" mark. See docs/decisions/006-mail-outbox-queue.md.
 */
export interface MailWorkerOptions {
  db: Database;
  /** Defaults to SMTP_URL's pooled transport, or the captured_email store. */
  transport?: MailTransport;
  workerId?: string;
  /** SMTP connections (MAIL_CONCURRENCY). */
  concurrency?: number;
  /** Messages in flight at once; default 4 per connection so no connection waits while others render or mark. */
  inFlight?: number;
  /** Messages per second; 0 = unlimited. */
  ratePerSecond?: number;
  maxAttempts?: number;
  backoffBaseSeconds?: number;
  leaseSeconds?: number;
  pollMs?: number;
  /** Rows claimed per round trip. */
  batchSize?: number;
  from?: string;
  messageIdHost?: string;
  /** Override or extend the kinds (tests). */
  kinds?: Partial<Record<EmailKind, MailKind>>;
  /** Log line sink for operational warnings (default console.warn). */
  log?: (message: string) => void;
  /** "idle": stop when nothing is due; "empty": stop when no message is queued or sending. Default: run until stop(). */
  until?: "idle" | "empty";
}

export type MailWorkerStats = OutboxWorkerStats;

export interface MailWorker {
  readonly id: string;
  readonly stats: MailWorkerStats;
  readonly done: Promise<void>;
  stop(options?: { graceMs?: number }): Promise<void>;
}

export function startMailWorker(options: MailWorkerOptions): MailWorker {
  const e = env();
  const db = options.db;
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const concurrency = options.concurrency ?? e.MAIL_CONCURRENCY;
  const maxAttempts = options.maxAttempts ?? e.MAIL_MAX_ATTEMPTS;
  const inFlight = options.inFlight ?? concurrency * 4;
  const log = options.log ?? ((m: string) => console.warn(`mail worker: ${m}`));
  const transport =
    options.transport ?? createTransport(db, { smtpUrl: e.SMTP_URL, maxConnections: concurrency, dkim: dkimFromEnv(e), listId: listIdFor(publicUrl()) });
  const pipeline = createSendPipeline({
    db,
    transport,
    kinds: { ...mailKinds, ...options.kinds },
    pacer: createPacer(options.ratePerSecond ?? e.MAIL_RATE_PER_SECOND),
    from: options.from ?? e.MAIL_FROM,
    messageIdHost: options.messageIdHost ?? new URL(publicUrl()).hostname,
    log,
  });
  const worker = runOutboxWorker<OutboxRow>({
    claims: createClaims({ driver: db.driver, table: emailOutbox, workerId: id, leaseSeconds: options.leaseSeconds ?? e.MAIL_LEASE_SECONDS, maxAttempts }),
    marks: createMarks({
      driver: db.driver,
      table: emailOutbox,
      sentColumns: ["subject", "provider_message_id", "last_error", "template_version", "language"],
      // Nothing that was a credential outlives the message (older payloads carried tokens).
      sentExtraSet: `"sent_at" = now(), ${secretPayloadKeysSql}`,
      parkExtraSet: secretPayloadKeysSql,
      maxAttempts,
      backoffBaseSeconds: options.backoffBaseSeconds ?? e.MAIL_BACKOFF_BASE_SECONDS,
      log,
      describeError: describeSendError,
    }),
    prepare: pipeline.prepare,
    deliver: pipeline.deliver,
    inFlight,
    batchSize: options.batchSize ?? Math.max(50, inFlight * 2),
    pollMs: options.pollMs ?? e.MAIL_POLL_MS,
    ...(options.until ? { until: options.until } : {}),
    log,
    describeError: describeSendError,
    onStopped: options.transport ? undefined : () => transport.close(),
  });
  return { id, stats: worker.stats, done: worker.done, stop: worker.stop };
}
