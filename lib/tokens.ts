import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { appSecret } from "./auth/secret";

/**
 * Secrets in links. Random tokens (lookup links, subscription confirmations) carry 256
 * bits and only their SHA-256 is stored: a slow hash adds nothing at that entropy.
 * Unsubscribe tokens are derived (HMAC of the target) so that the mail worker can put a
 * List-Unsubscribe header on any message, including bulk fan-out written by
 * INSERT ... SELECT, without a raw token ever being stored.
 */
export function newRandomToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * `count` random tokens like newRandomToken's, 32 fresh bytes each, from one call into the
 * CSPRNG (a call per token cost the mail worker ~10 us a message; one per batch < 1 us).
 */
export function newRandomTokens(count: number): string[] {
  const bytes = randomBytes(32 * count);
  return Array.from({ length: count }, (_t, i) => bytes.toString("base64url", 32 * i, 32 * (i + 1)));
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A random token has exactly 43 base64url characters; anything else is not one of ours. */
export const randomTokenPattern = /^[A-Za-z0-9_-]{43}$/;



export type UnsubscribeTarget = { type: "subscriber"; id: string } | { type: "account"; id: number };

function mac(payload: string): string {
  return createHmac("sha256", appSecret()).update(`unsubscribe:${payload}`).digest("base64url");
}

/** s.<subscriber uuid>.<mac> or a.<account id>.<mac> */
export function unsubscribeToken(target: UnsubscribeTarget): string {
  const payload = target.type === "subscriber" ? `s.${target.id}` : `a.${target.id}`;
  return `${payload}.${mac(payload)}`;
}

const unsubscribePattern = /^(s\.[0-9a-f-]{36}|a\.[1-9][0-9]{0,9})\.([A-Za-z0-9_-]{43})$/;

/** The target a well-formed, untampered unsubscribe token names; null otherwise. */
export function parseUnsubscribeToken(token: string): UnsubscribeTarget | null {
  const match = unsubscribePattern.exec(token);
  if (!match?.[1] || !match[2]) return null;
  const expected = Buffer.from(mac(match[1]));
  const given = Buffer.from(match[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const id = match[1].slice(2);
  if (match[1].startsWith("s.")) return { type: "subscriber", id };
  const accountId = Number(id);
  return Number.isSafeInteger(accountId) && accountId <= 2_147_483_647 ? { type: "account", id: accountId } : null;
}
