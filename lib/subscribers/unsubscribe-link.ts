import { publicUrl } from "../env";
import { unsubscribeToken, type UnsubscribeTarget } from "../tokens";

/**
 * For the mail worker: the one-click unsubscribe link (RFC 8058) of a subscriber or an
 * affected account (lib/mail/unsubscribe-link.ts picks it, lib/mail/transport.ts turns it
 * into List-Unsubscribe headers). Pure apart from reading PUBLIC_URL and AUTH_SECRET.
 *
 *   listUnsubscribeUrl({ type: "subscriber", id: subscriber.id })
 *   listUnsubscribeUrl({ type: "account", id: account.id })
 *
 * A subscriber's POST removes every subscription; an account's POST sets
 * account.updatesOptOut (restore notices are still sent once).
 */
export type { UnsubscribeTarget } from "../tokens";

export function listUnsubscribeUrl(target: UnsubscribeTarget, baseUrl: string = publicUrl()): string {
  return `${baseUrl.replace(/\/$/, "")}/unsubscribe/${unsubscribeToken(target)}`;
}
