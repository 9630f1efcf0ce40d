import { env, publicUrl } from "../env";
import { hashToken, newRandomToken, newRandomTokens } from "../tokens";

/**
 * A private link to one account's recovery page, made when a restore email is sent: the
 * same kind of token as a /lookup link (lib/tokens.ts), so the page at
 * /account/<token> accepts it. Only its SHA-256 is stored (lookup_token.token_hash).
 */
export function accountLinkLifetimeDays(): number {
  return env().LOOKUP_TOKEN_TTL_DAYS;
}

export function lookupLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, "")}/account/${encodeURIComponent(token)}`;
}

/** A fresh token's hash (to store) and its link (to email). */
export function newAccountLinkToken(): { hash: string; url: string } {
  const token = newRandomToken();
  return { hash: hashToken(token), url: lookupLinkUrl(publicUrl(), token) };
}

/** `count` fresh tokens at once (a batch of the mail worker): one call into the CSPRNG. */
export function newAccountLinkTokens(count: number): { hash: string; url: string }[] {
  const base = publicUrl();
  return newRandomTokens(count).map((token) => ({ hash: hashToken(token), url: lookupLinkUrl(base, token) }));
}
