import { listUnsubscribeUrl } from "../subscribers/unsubscribe-link";
import type { OutboxRow } from "./outbox-row";

/**
 * The one-click unsubscribe target (RFC 8058 List-Unsubscribe) for an update, letter or
 * restore email: a subscriber's link removes their subscriptions, an affected account's
 * link opts it out of updates (restore notices are still sent once). The links are
 * signed, not stored (lib/tokens.ts), so the worker can build them for a
 * million recipients without a query. A ready `unsubscribeUrl` in the payload wins.
 */
export function unsubscribeUrlFor(row: Pick<OutboxRow, "payload" | "accountId">): string | null {
  const url = row.payload.unsubscribeUrl;
  if (typeof url === "string" && /^https?:\/\//.test(url)) return url;
  const subscriberId = row.payload.subscriberId;
  if (typeof subscriberId === "string") return listUnsubscribeUrl({ type: "subscriber", id: subscriberId });
  if (row.accountId !== null) return listUnsubscribeUrl({ type: "account", id: row.accountId });
  return null;
}
