import type { PublicCategory } from "../public/public-data";
import type { ComponentStatus } from "./schemas";

/**
 * A data category's Statuspage component status, from its recovery counts (the
 * aggregates: no row is counted). "Waiting" accounts are pending or restoring; "back"
 * ones restored or partly restored.
 *   major_outage          nothing is back yet (or nothing could be recovered)
 *   partial_outage        restores under way: more than 10% of accounts still wait
 *   degraded_performance  at most 10% wait, or all are done but some only partly or not at all
 *   operational           no account affected, or every affected account restored
 */
export const NEARLY_DONE_SHARE = 0.1;

export function categoryComponentStatus(c: Pick<PublicCategory, "affected" | "pending" | "restoring" | "restored" | "partial" | "unrecoverable">): ComponentStatus {
  if (c.affected <= 0) return "operational";
  const waiting = c.pending + c.restoring;
  const back = c.restored + c.partial;
  if (back === 0) return "major_outage";
  if (waiting / c.affected > NEARLY_DONE_SHARE) return "partial_outage";
  if (waiting > 0 || c.partial > 0 || c.unrecoverable > 0) return "degraded_performance";
  return "operational";
}

const severity: ComponentStatus[] = ["operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"];

export function worstStatus(statuses: ComponentStatus[]): ComponentStatus {
  return statuses.reduce<ComponentStatus>((worst, s) => (severity.indexOf(s) > severity.indexOf(worst) ? s : worst), "operational");
}
