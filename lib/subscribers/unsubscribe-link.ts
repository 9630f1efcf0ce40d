import { publicUrl } from "../env";
import { unsubscribeToken, type UnsubscribeTarget } from "./tokens";

/**
 * For the mail worker: the one-click unsubscribe link (RFC 8058) of a subscriber or an
 * affected account. Pure apart from reading PUBLIC_URL and AUTH_SECRET; no database.
 *
 *   unsubscribeHeaders({ type: "subscriber", id: subscriber.id })
 *   unsubscribeHeaders({ type: "account", id: account.id })
 *
 * A subscriber's POST removes every subscription; an account's POST sets
 * account.updatesOptOut (restore notices are still sent once).
 */
export type { UnsubscribeTarget } from "./tokens";

export function listUnsubscribeUrl(target: UnsubscribeTarget, baseUrl: string = publicUrl()): string {
  return `${baseUrl.replace(/\/$/, "")}/unsubscribe/${unsubscribeToken(target)}`;
}

export function unsubscribeHeaders(
  target: UnsubscribeTarget,
  baseUrl?: string,
): { "List-Unsubscribe": string; "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } {
  return {
    "List-Unsubscribe": `<${listUnsubscribeUrl(target, baseUrl)}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
