import type { DbClient } from "../db";

/**
 * PLACEHOLDER owned by the mail area (issue: mail pipeline): queue one
 * `incident_update` email per confirmed subscriber of the update's incident, set-based
 * (INSERT ... SELECT into email_outbox with a dedupe key per update x subscriber), in
 * the caller's transaction. Until the mail area replaces this file it queues nothing.
 *
 * Contract: called by lib/incidents/post-incident-update.ts inside the transaction that
 * creates the update, only when "notify subscribers" is set; returns the number of
 * emails queued.
 */
export async function queueUpdateFanout(_tx: DbClient, _updateId: string): Promise<number> {
  return 0;
}
