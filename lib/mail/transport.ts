import { readFileSync } from "node:fs";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type { Database } from "../db";
import { EnvError, type Env } from "../env";
import { redactHeaders, redactSecrets } from "./redact";

type SendMailOptions = Mail.Options;

/**
 * Where rendered mail goes. SMTP_URL set -> a pooled nodemailer SMTP transport;
 * unset -> the `captured_email` table (the embedded mail catcher shown in /admin/mail),
 * so the demo delivers mail with nothing else running.
 */
export interface OutgoingMessage {
  outboxId: number;
  /** Stable per outbox row: `<outbox-<id>@host>` (a resend keeps the same id). */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** One-click unsubscribe target (RFC 8058); adds List-Unsubscribe + List-Unsubscribe-Post. */
  unsubscribeUrl?: string | null;
  /** Links that carry a credential: delivered, but never kept (redact.ts). */
  secrets?: string[];
}

export interface MailTransport {
  readonly kind: "smtp" | "captured";
  send(message: OutgoingMessage): Promise<{ providerMessageId: string }>;
  close(): Promise<void>;
}

/** How the worker treats a failed send: retry later (4xx, network) or park (5xx). */
export type FailureKind = "transient" | "permanent";

export function classifySendError(error: unknown): FailureKind {
  const e = error as { responseCode?: unknown };
  if (typeof e?.responseCode === "number" && e.responseCode >= 500 && e.responseCode < 600) return "permanent";
  // 4xx replies, refused or dropped connections, timeouts: try again later.
  return "transient";
}

export function describeSendError(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const parts = [e?.code, e?.responseCode, e?.response ?? e?.message ?? String(error)].filter((p) => p !== undefined && p !== "");
  return parts.join(" ").slice(0, 1000);
}

/** The extra headers an unsubscribe link brings, in the form both transports store. */
export function unsubscribeHeaders(url: string | null | undefined): Record<string, string> {
  if (!url) return {};
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** DKIM signing key (nodemailer's `dkim` option), from MAIL_DKIM_* (dkimFromEnv). */
export interface DkimKey {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface SmtpOptions {
  maxConnections?: number;
  dkim?: DkimKey | null;
  /** List-Id of list-like mail (what carries an unsubscribe link): "<updates.HOST>". */
  listId?: string | null;
}

/** The DKIM key MAIL_DKIM_* name, read once; null when DKIM is not configured. */
export function dkimFromEnv(e: Pick<Env, "MAIL_DKIM_DOMAIN" | "MAIL_DKIM_SELECTOR" | "MAIL_DKIM_PRIVATE_KEY_FILE">): DkimKey | null {
  if (!e.MAIL_DKIM_DOMAIN || !e.MAIL_DKIM_SELECTOR || !e.MAIL_DKIM_PRIVATE_KEY_FILE) return null;
  let privateKey: string;
  try {
    privateKey = readFileSync(e.MAIL_DKIM_PRIVATE_KEY_FILE, "utf8");
  } catch (error) {
    throw new EnvError(`Invalid environment variable MAIL_DKIM_PRIVATE_KEY_FILE: cannot read ${e.MAIL_DKIM_PRIVATE_KEY_FILE} (${(error as { code?: string }).code ?? "error"})`);
  }
  if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(privateKey)) {
    throw new EnvError("Invalid environment variable MAIL_DKIM_PRIVATE_KEY_FILE: not a PEM private key");
  }
  return { domainName: e.MAIL_DKIM_DOMAIN, keySelector: e.MAIL_DKIM_SELECTOR, privateKey };
}

/** Every message is machine-sent (RFC 3834): auto-responders must not answer it. */
export const autoSubmittedHeader = { "Auto-Submitted": "auto-generated" } as const;

/**
 * What the SMTP transport hands nodemailer for one message (exported so that bench:mail's
 * bare client sends byte for byte the same message). nodemailer's `list` builds
 * List-Unsubscribe and List-Id; RFC 8058 also needs the POST header.
 */
export function smtpMessage(m: OutgoingMessage, listId?: string | null): SendMailOptions {
  return {
    messageId: m.messageId,
    from: m.from,
    to: m.to,
    subject: m.subject,
    html: m.html,
    text: m.text,
    headers: { ...autoSubmittedHeader, ...m.headers, ...(m.unsubscribeUrl ? { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {}) },
    ...(m.unsubscribeUrl ? { list: { unsubscribe: m.unsubscribeUrl, ...(listId ? { id: { url: listId, comment: "Recovery Portal" } } : {}) } } : {}),
  };
}

export function createSmtpTransport(url: string, options: SmtpOptions = {}): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: options.maxConnections ?? 10,
    ...(options.dkim ? { dkim: options.dkim } : {}),
    // Many messages per connection: a reconnect per message would halve throughput.
    maxMessages: 1000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // nodemailer reads host, port, secure and auth from `url`.
  } as SMTPPool.Options);
  return {
    kind: "smtp",
    async send(m) {
      const info = await transporter.sendMail(smtpMessage(m, options.listId));
      return { providerMessageId: String(info.response ?? info.messageId ?? m.messageId).slice(0, 500) };
    },
    async close() {
      transporter.close();
    },
  };
}

export function createCapturedTransport(db: Database): MailTransport {
  return {
    kind: "captured",
    async send(m) {
      // Kept for staff to read: without the links that are credentials (redact.ts).
      const secrets = [...(m.secrets ?? []), ...(m.unsubscribeUrl ? [m.unsubscribeUrl] : [])];
      const headers = redactHeaders({ "Message-ID": m.messageId, From: m.from, ...autoSubmittedHeader, ...unsubscribeHeaders(m.unsubscribeUrl), ...m.headers }, secrets);
      // outbox_id is unique: a retry after a crash between this insert and marking the
      // row sent, or a staff resend, keeps one captured copy (the latest rendering).
      await db.driver.query(
        `INSERT INTO "captured_email" ("outbox_id", "message_id", "to_address", "subject", "html", "text", "headers")
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
         ON CONFLICT ("outbox_id") DO UPDATE SET "subject" = EXCLUDED."subject", "html" = EXCLUDED."html", "text" = EXCLUDED."text",
           "headers" = EXCLUDED."headers", "created_at" = now()`,
        [m.outboxId, m.messageId, m.to, m.subject, redactSecrets(m.html, secrets), redactSecrets(m.text, secrets), JSON.stringify(headers)],
      );
      return { providerMessageId: `captured:${m.messageId}` };
    },
    async close() {},
  };
}

export function createTransport(db: Database, config: { smtpUrl?: string | undefined } & SmtpOptions): MailTransport {
  const { smtpUrl, ...smtp } = config;
  return smtpUrl ? createSmtpTransport(smtpUrl, smtp) : createCapturedTransport(db);
}

/** List-Id of the portal's list-like mail: updates.<PUBLIC_URL host>. */
export function listIdFor(publicUrl: string): string {
  return `updates.${new URL(publicUrl).hostname}`;
}
