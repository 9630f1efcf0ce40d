import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { env } from "../env";

/**
 * The one application secret: signs staff sessions (better-auth) and the one-click
 * unsubscribe links (lib/tokens.ts). AUTH_SECRET when set (the same on every
 * instance); otherwise a random one generated once and kept in DATA_DIR, so the
 * zero-configuration demo needs nothing and its links survive a restart.
 */
let cached: string | undefined;

export function appSecret(): string {
  cached ??= readOrCreateSecret();
  return cached;
}

/** The signing secret: AUTH_SECRET, or one generated once and kept in DATA_DIR. */
function readOrCreateSecret(): string {
  const e = env();
  if (e.AUTH_SECRET) return e.AUTH_SECRET;
  if (e.NODE_ENV === "test") return "test-secret-test-secret-test-secret-0123";
  // Zero-configuration start: a random secret kept beside the embedded database. Several
  // app instances on one PostgreSQL must share AUTH_SECRET instead.
  const file = path.resolve(e.DATA_DIR, "auth-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not created yet
  }
  if (e.DATABASE_URL) {
    console.warn(`AUTH_SECRET is not set: generated one in ${file}. Set AUTH_SECRET (the same on every instance) in production.`);
  }
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
