import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../db";
import { publicUrl } from "../env";

/**
 * A private link to one account's recovery page, made when a restore email is sent.
 * Only the SHA-256 of the token is stored (lookup_token.token_hash); the page at
 * /account/<token> (subscribers area) hashes what it receives and looks it up.
 */
export const accountLinkLifetimeDays = 30;

export function hashLookupToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh token, its hash (to store) and the link (to email). */
export function newAccountLinkToken(): { hash: string; url: string } {
  const token = randomBytes(24).toString("base64url");
  return { hash: hashLookupToken(token), url: `${publicUrl()}/account/${token}` };
}

export async function createAccountLink(db: Pick<Database, "driver">, accountId: number): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await db.driver.query(
    `INSERT INTO "lookup_token" ("account_id", "token_hash", "expires_at") VALUES ($1, $2, now() + make_interval(days => $3::int))`,
    [accountId, hashLookupToken(token), accountLinkLifetimeDays],
  );
  return `${publicUrl()}/account/${token}`;
}
