import type { OutboxRow } from "./outbox-row";

/**
 * The one-click unsubscribe target for an email (RFC 8058 List-Unsubscribe).
 * MERGE: the subscribers area owns /unsubscribe/<token> and its tokens (only hashes are
 * stored, so the link cannot be rebuilt here). Until it is wired, a fan-out may put a
 * ready `unsubscribeUrl` in the payload; without one the email carries no List-* headers.
 */
export function unsubscribeUrlFor(row: Pick<OutboxRow, "payload">): string | null {
  const url = row.payload.unsubscribeUrl;
  return typeof url === "string" && /^https?:\/\//.test(url) ? url : null;
}
