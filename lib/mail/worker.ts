import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Database } from "../db";
import { env, publicUrl } from "../env";
import { anyPendingSql, claimSql, markSentSql, parkSql, reclaimExpiredSql, releaseSql, retryLaterSql } from "../outbox/outbox-sql";
import { emailOutbox, outboxMessageId, type OutboxRow } from "./outbox-row";
import { emailPrefetchers, rendererFor, RenderError, type EmailRenderer } from "./templates";
import type { EmailKind } from "../generated/prisma/enums";
import { classifySendError, createTransport, describeSendError, type MailTransport } from "./transport";

/**
 * The mail worker: claims due rows of the outbox with FOR UPDATE SKIP LOCKED (several
 * workers never take the same row), renders each at send time, sends it, marks it.
 * - 4xx replies and network errors: retried with exponential backoff and jitter, then
 *   parked after MAIL_MAX_ATTEMPTS; a 5xx reply parks the message at once.
 * - Each claim is a lease (locked_until): a crashed worker's claims are taken over when
 *   it runs out; a claim that keeps crashing workers is parked after max attempts.
 * - stop() lets in-flight sends finish, then releases the claims not yet started.
 * Delivery is at least once; a duplicate needs a crash between the SMTP server's 250
 * and the "sent" mark (the marks are flushed in batches, every 20 ms or 200 messages).
 * See docs/decisions/006-mail-outbox-queue.md.
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
  /** Override or extend the template registry (tests). */
  renderers?: Partial<Record<EmailKind, EmailRenderer>>;
  /** Log line sink for operational warnings (default console.warn). */
  log?: (message: string) => void;
}

export interface MailWorkerStats {
  sent: number;
  skipped: number;
  retried: number;
  parked: number;
}

export interface MailWorker {
  readonly id: string;
  readonly stats: MailWorkerStats;
  /** Resolves when the worker has stopped (after stop(), or when `until` was reached). */
  readonly done: Promise<void>;
  stop(options?: { graceMs?: number }): Promise<void>;
}

/** Exponential backoff with equal jitter: base * 2^(attempt-1), between half and all of it, capped at 1 h. */
export function retryDelaySeconds(attempts: number, baseSeconds: number, random = Math.random): number {
  const full = Math.min(3600, baseSeconds * 2 ** Math.max(0, attempts - 1));
  return full / 2 + (random() * full) / 2;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Completion {
  id: number;
  subject: string;
  providerMessageId: string | null;
  note: string | null;
}

export function startMailWorker(
  options: MailWorkerOptions & {
    /** "idle": stop when nothing is due; "empty": stop when no message is queued or sending. Default: run until stop(). */
    until?: "idle" | "empty";
  },
): MailWorker {
  const e = env();
  const db = options.db;
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const concurrency = options.concurrency ?? e.MAIL_CONCURRENCY;
  const rate = options.ratePerSecond ?? e.MAIL_RATE_PER_SECOND;
  const maxAttempts = options.maxAttempts ?? e.MAIL_MAX_ATTEMPTS;
  const backoffBase = options.backoffBaseSeconds ?? e.MAIL_BACKOFF_BASE_SECONDS;
  const leaseSeconds = options.leaseSeconds ?? e.MAIL_LEASE_SECONDS;
  const pollMs = options.pollMs ?? e.MAIL_POLL_MS;
  const inFlightLimit = options.inFlight ?? concurrency * 4;
  const batchSize = options.batchSize ?? Math.max(50, inFlightLimit * 2);
  const from = options.from ?? e.MAIL_FROM;
  const host = options.messageIdHost ?? new URL(publicUrl()).hostname;
  const ownsTransport = !options.transport;
  const transport = options.transport ?? createTransport(db, { smtpUrl: e.SMTP_URL, maxConnections: concurrency });
  const log = options.log ?? ((m: string) => console.warn(`mail worker: ${m}`));
  const renderer = (kind: EmailKind) => options.renderers?.[kind] ?? rendererFor(kind);
  const stats: MailWorkerStats = { sent: 0, skipped: 0, retried: 0, parked: 0 };

  let stopping = false;
  const sleepers = new Set<() => void>();
  let emptyUntil = 0;
  const claimed: OutboxRow[] = [];
  let filling: Promise<void> | null = null;
  let lastReclaim = 0;
  let nextSendAt = 0;

  // ---- claims

  async function reclaimExpiredLeases(): Promise<void> {
    // Claims of a crashed worker go back to the queue; one that has used every attempt
    // (it keeps killing workers, or keeps timing out) is parked instead.
    await db.driver.query(
      reclaimExpiredSql(emailOutbox),
      [maxAttempts],
    );
  }

  async function claim(limit: number): Promise<OutboxRow[]> {
    return db.driver.query<OutboxRow>(
      claimSql(emailOutbox),
      [id, leaseSeconds, limit],
    );
  }

  async function fill(): Promise<void> {
    try {
      if (Date.now() - lastReclaim > Math.min(leaseSeconds * 500, 10_000)) {
        lastReclaim = Date.now();
        await reclaimExpiredLeases();
      }
      const rows = await claim(batchSize);
      rows.sort((a, b) => a.id - b.id);
      await prefetch(rows);
      claimed.push(...rows);
    } catch (error) {
      log(`claim failed: ${describeSendError(error)}`);
      await idle(pollMs);
    }
  }

  /** Set-based reads for the whole batch (a renderer falls back to its own queries). */
  async function prefetch(rows: OutboxRow[]): Promise<void> {
    if (options.renderers) return;
    const byKind = new Map<EmailKind, OutboxRow[]>();
    for (const r of rows) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
    for (const [kind, list] of byKind) {
      const load = emailPrefetchers[kind];
      if (!load) continue;
      try {
        await load(list, db);
      } catch (error) {
        log(`prefetch for ${list.length} ${kind} emails failed: ${describeSendError(error)}`);
      }
    }
  }

  async function idle(ms: number): Promise<void> {
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    sleepers.add(wake);
    await Promise.race([sleep(ms), woken]);
    sleepers.delete(wake);
  }

  function wakeAll() {
    for (const wake of sleepers) wake();
  }

  async function nothingLeft(): Promise<boolean> {
    if (options.until === "idle") return true;
    if (options.until !== "empty") return false;
    const found = await db.driver.query(anyPendingSql(emailOutbox));
    return found.length === 0 && inFlight === 0 && claimed.length === 0;
  }

  /**
   * Claims run ahead of the senders, up to three at once: a batch's set-based reads
   * (prefetch) wait on the database, and senders should not wait for them.
   */
  const maxFillsAhead = 3;
  let fillsRunning = 0;
  function startFill(): Promise<void> {
    fillsRunning++;
    const p = fill().finally(() => {
      fillsRunning--;
      if (filling === p) filling = null;
    });
    filling = p;
    return p;
  }

  /** The next claimed row, claiming more when the local queue runs low; null = stop. */
  async function next(): Promise<OutboxRow | null> {
    for (;;) {
      if (stopping) return null;
      const row = claimed.shift();
      if (row) {
        if (fillsRunning < maxFillsAhead && claimed.length < batchSize * 2 && emptyUntil <= Date.now()) {
          void startFill();
        }
        return row;
      }
      if (filling) {
        await filling;
        continue;
      }
      const wait = emptyUntil - Date.now();
      if (wait > 0) {
        await idle(wait);
        continue;
      }
      await startFill();
      if (claimed.length === 0 && !stopping && fillsRunning === 0) {
        if (await nothingLeft()) {
          stopping = true;
          wakeAll();
          return null;
        }
        emptyUntil = Date.now() + (options.until ? Math.min(pollMs, 50) : pollMs);
      }
    }
  }

  // ---- marks: "sent" is batched (one UPDATE per flush), failures are written at once

  let pending: Completion[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let flushTimer: NodeJS.Timeout | null = null;

  function complete(c: Completion) {
    pending.push(c);
    if (pending.length >= 200) void flush();
    else flushTimer ??= setTimeout(() => void flush(), 20);
  }

  function flush(): Promise<void> {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return flushing;
    flushing = flushing.then(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await db.driver.query(
            markSentSql(emailOutbox, ["subject", "provider_message_id", "last_error"], `"sent_at" = now()`),
            [batch.map((c) => c.id), batch.map((c) => c.subject), batch.map((c) => c.providerMessageId), batch.map((c) => c.note)],
          );
          return;
        } catch (error) {
          // The mail went out: losing this mark would send it again after the lease expires.
          log(`marking ${batch.length} messages sent failed (attempt ${attempt}): ${describeSendError(error)}`);
          if (attempt >= 5) return;
          await sleep(200 * attempt);
        }
      }
    });
    return flushing;
  }

  async function park(row: OutboxRow, reason: string) {
    stats.parked++;
    await db.driver.query(
      parkSql(emailOutbox),
      [row.id, reason.slice(0, 1000)],
    );
  }

  async function retryLater(row: OutboxRow, reason: string) {
    if (row.attempts >= maxAttempts) return park(row, `gave up after ${row.attempts} attempts: ${reason}`);
    stats.retried++;
    await db.driver.query(
      retryLaterSql(emailOutbox),
      [row.id, reason.slice(0, 1000), retryDelaySeconds(row.attempts, backoffBase)],
    );
  }

  // ---- sending

  async function throttle() {
    if (rate <= 0) return;
    const now = Date.now();
    const at = Math.max(now, nextSendAt);
    nextSendAt = at + 1000 / rate;
    if (at > now) await sleep(at - now);
  }

  async function deliver(row: OutboxRow): Promise<void> {
    const render = renderer(row.kind);
    if (!render) return park(row, `no template is registered for email kind "${row.kind}" (lib/mail/templates/index.ts)`);
    let rendered;
    try {
      rendered = await render(row, db);
    } catch (error) {
      if (error instanceof RenderError) return park(row, `cannot render: ${error.message}`);
      return retryLater(row, `render failed: ${describeSendError(error)}`);
    }
    if (rendered.skip) {
      stats.skipped++;
      complete({ id: row.id, subject: row.subject, providerMessageId: null, note: `not sent: ${rendered.skip}` });
      return;
    }
    await throttle();
    try {
      const result = await transport.send({
        outboxId: row.id,
        messageId: outboxMessageId(row.id, host),
        from,
        to: row.toAddress,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        ...(rendered.headers ? { headers: rendered.headers } : {}),
        unsubscribeUrl: rendered.unsubscribeUrl ?? null,
      });
      stats.sent++;
      complete({ id: row.id, subject: rendered.subject, providerMessageId: result.providerMessageId, note: null });
    } catch (error) {
      const reason = describeSendError(error);
      if (classifySendError(error) === "permanent") return park(row, reason);
      return retryLater(row, reason);
    }
  }

  let inFlight = 0;
  async function runner(): Promise<void> {
    for (;;) {
      const row = await next();
      if (!row) return;
      inFlight++;
      try {
        await deliver(row);
      } catch (error) {
        // Marking the failure failed (database away): the lease brings the row back.
        log(`message ${row.id}: ${describeSendError(error)}`);
      } finally {
        inFlight--;
      }
    }
  }

  async function releaseUnstarted(): Promise<void> {
    const ids = claimed.splice(0).map((r) => r.id);
    if (ids.length === 0) return;
    await db.driver.query(
      releaseSql(emailOutbox),
      [ids, id],
    );
  }

  const runners = Promise.all(Array.from({ length: inFlightLimit }, () => runner()));
  const done = runners.then(async () => {
    // A claim still running ahead would leave its rows "sending" until their lease ends.
    while (filling) await filling;
    await flush();
    await releaseUnstarted();
    if (ownsTransport) await transport.close();
  });

  return {
    id,
    stats,
    done,
    async stop({ graceMs = 10_000 } = {}) {
      stopping = true;
      wakeAll();
      // In-flight sends get graceMs to finish; the rest of the claims are released now.
      await releaseUnstarted().catch((error: unknown) => log(`releasing claims failed: ${describeSendError(error)}`));
      await Promise.race([done, sleep(graceMs)]);
      await flush();
    },
  };
}
