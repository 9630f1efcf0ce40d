import { z } from "zod";

/**
 * The one env module. Parsed once, on first use; a bad value stops the process with
 * one line naming the variable (scripts/bootstrap.ts), never a stack trace.
 */
const booleanish = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ error: "must be a port number from 1 to 65535" })
    .int("must be a port number from 1 to 65535")
    .min(1, "must be a port number from 1 to 65535")
    .max(65535, "must be a port number from 1 to 65535")
    .default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** PostgreSQL server. Unset: embedded PGlite under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  /** Public base URL: links in emails and feeds, and the one Origin a cookie-authenticated write may come from. Defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** smtp:// or smtps:// URL. Unset: mail is kept in the database and shown in /admin/mail. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Recovery Portal <recovery@example.com>"),
  /** DKIM signing (all three or none): the signing domain, e.g. the From address's domain. */
  MAIL_DKIM_DOMAIN: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "must be a domain name, e.g. example.com").optional(),
  /** DKIM selector: the public key is published at <selector>._domainkey.<domain>. */
  MAIL_DKIM_SELECTOR: z.string().regex(/^[a-z0-9._-]+$/i, "must be a DNS label, e.g. rp2026").optional(),
  /** Path of the PEM private key that signs (readable by the worker; never in the database). */
  MAIL_DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
  /** Restore changes to one account within this window become one email. */
  MAIL_COALESCE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** How often the chart's time series takes a snapshot of the aggregates. */
  SNAPSHOT_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  /** The public pages, feeds and API re-read the database at most this often. */
  PUBLIC_REFRESH_SECONDS: z.coerce.number().min(0.1).max(3600).default(3),
  /** Signs sessions and unsubscribe links (lib/auth/secret.ts). Unset: generated once into DATA_DIR/auth-secret; set it, the same on every instance, in production. */
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Run the mail worker inside the web process (default) or only via `npm run worker`. */
  MAIL_WORKER_IN_PROCESS: booleanish.default(true),
  /** Mail worker: messages sent at once (also the SMTP pool's connection count). */
  MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
  /** Mail worker: at most this many messages per second per worker; 0 = no limit. */
  MAIL_RATE_PER_SECOND: z.coerce.number().min(0).default(0),
  /** Mail worker: attempts (4xx / network errors) before a message is parked. */
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** Mail worker: first retry delay; doubles per attempt, with jitter, capped at 1 h. */
  MAIL_BACKOFF_BASE_SECONDS: z.coerce.number().min(0).default(30),
  /** Mail worker: a claim older than this (a crashed worker's) is taken over. */
  MAIL_LEASE_SECONDS: z.coerce.number().int().min(1).default(120),
  /** Mail worker: how often an idle worker looks for due messages. */
  MAIL_POLL_MS: z.coerce.number().int().min(10).default(1000),
  /** Webhooks: allow private, loopback and link-local targets and plain http (tests, a receiver on this machine). Never in production. */
  WEBHOOKS_ALLOW_PRIVATE: booleanish.default(false),
  /** Webhooks: attempts (timeouts, network errors, non-2xx answers) before a delivery is parked. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** Webhooks: first retry delay; doubles per attempt, with jitter, capped at 1 h. */
  WEBHOOK_BACKOFF_BASE_SECONDS: z.coerce.number().min(0).default(30),
  /** Webhooks: a receiver that has not answered within this is a failed attempt. */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(120).default(10),
  /** Webhooks: an endpoint is disabled after this many failed attempts in a row (0 = never). */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(0).default(20),
  /** Webhooks: deliveries in flight at once per worker. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  /**
   * How many proxies of yours stand in front of the app (lib/http/client-ip.ts): 0 (or
   * false) none, the socket address is the client; 1 (or true) one, e.g. nginx; N, a CDN
   * and nginx and so on. The client is then the N-th X-Forwarded-For entry from the right.
   */
  TRUST_PROXY: z
    .enum(["true", "false", "yes", "no", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], {
      error: "must be false, true or the number of proxies in front (0 to 9)",
    })
    .transform((v) => (v === "true" || v === "yes" ? 1 : v === "false" || v === "no" ? 0 : Number(v)))
    .default(0),
  /** Days a private account link (lookup token) stays valid. */
  LOOKUP_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /**
   * Load the demo (incident, 2,000 fake accounts, demo admin) into an empty database even
   * with DATABASE_URL. Without DATABASE_URL (the embedded default) the demo always loads.
   */
  DEMO: booleanish.default(false),
  /** The demo admin's password; unset: a random one, generated once into DATA_DIR/demo-admin-password. */
  DEMO_ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").max(128).optional(),
  /**
   * Who must sign in with a second factor (TOTP from an authenticator app, or a backup
   * code): "required-for-admins" (default), "required" (all staff) or "optional". Whoever
   * must and has none is sent to enrolment before any console page or action works.
   */
  STAFF_2FA: z
    .enum(["required-for-admins", "required", "optional"], { error: "must be required-for-admins, required or optional" })
    .default("required-for-admins"),
  /** A staff session not used for this long ends (better-auth's sliding expiry). */
  STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(43_200).default(120),
  /** A staff session ends this long after sign-in, however busy (checked on every request). */
  STAFF_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  /** Import runs: a claim not renewed for this long (its instance died) is taken over by another instance. */
  IMPORT_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  /** Days a subscription confirmation link stays valid after it is sent. */
  SUBSCRIPTION_CONFIRM_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Largest CSV an upload may send (the import, the bulk state change by file), in bytes; larger -> 413, read no further. */
  IMPORT_MAX_BYTES: z.coerce.number().int().min(1).default(100 * 1024 * 1024),
});

const dkimVariables = ["MAIL_DKIM_DOMAIN", "MAIL_DKIM_SELECTOR", "MAIL_DKIM_PRIVATE_KEY_FILE"] as const;

/** The schema, with the rules between variables. */
const checkedEnvSchema = envSchema.superRefine((e, ctx) => {
  const set = dkimVariables.filter((name) => e[name] !== undefined);
  if (set.length > 0 && set.length < dkimVariables.length) {
    for (const name of dkimVariables.filter((n) => e[n] === undefined)) {
      ctx.addIssue({ code: "custom", path: [name], message: `is needed with ${set.join(" and ")} (DKIM takes all three)` });
    }
  }
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset" (a common shell habit: DATABASE_URL= npm start).
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = checkedEnvSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path.join(".") ?? "environment";
    throw new EnvError(`Invalid environment variable ${name}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

export function publicUrl(): string {
  const e = env();
  return (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
}
