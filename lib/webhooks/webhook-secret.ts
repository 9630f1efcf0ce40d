import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { appSecret } from "../auth/secret";

/**
 * Endpoint secrets. A receiver verifies with the same secret we sign with (Standard
 * Webhooks is HMAC-SHA256), so the secret cannot be stored as a hash: it is encrypted at
 * rest with AES-256-GCM under a key derived (HKDF-SHA256) from AUTH_SECRET, and shown to
 * the admin once. A database dump alone does not give the secrets away; AUTH_SECRET and
 * the dump together do (docs/decisions/028-signed-webhooks.md). Changing AUTH_SECRET makes
 * the stored secrets unreadable: deliveries then park saying so, and the endpoint needs a
 * new secret.
 */
const keyInfo = "recovery-portal webhook endpoint secret v1";
let cachedKey: { secret: string; key: Buffer } | undefined;

function encryptionKey(): Buffer {
  const secret = appSecret();
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "", keyInfo, 32)) };
  }
  return cachedKey.key;
}

/** A new signing secret in the Standard Webhooks form: whsec_ + base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** "v1." + base64url(iv | tag | ciphertext). */
export function encryptWebhookSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")}`;
}

export class WebhookSecretUnreadableError extends Error {
  constructor() {
    super("the endpoint's secret cannot be decrypted (was AUTH_SECRET changed?): give the endpoint a new secret");
    this.name = "WebhookSecretUnreadableError";
  }
}

export function decryptWebhookSecret(stored: string): string {
  try {
    if (!stored.startsWith("v1.")) throw new Error("unknown format");
    const raw = Buffer.from(stored.slice(3), "base64url");
    const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new WebhookSecretUnreadableError();
  }
}

/** What staff see to tell secrets apart (never enough to sign with). */
export function webhookSecretPrefix(secret: string): string {
  return `${secret.slice(0, 10)}…`;
}
