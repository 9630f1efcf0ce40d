import { makeBadge } from "badge-maker";
import type { OverallStatus } from "../status/get-status-overview";
import type { EmbedStatus } from "./get-embed-status";

/**
 * The status badge (shields.io's look, drawn by its own library, badge-maker): "recovery
 * | major outage · 78.4% restored", coloured by the overall state. Plain SVG with a
 * <title>, no script, no external reference.
 */
const stateWords: Record<OverallStatus, string> = {
  operational: "operational",
  degraded: "degraded",
  partial_outage: "partial outage",
  major_outage: "major outage",
};
const stateColours: Record<OverallStatus, string> = {
  operational: "#1a7f37",
  degraded: "#9a6700",
  partial_outage: "#bc4c00",
  major_outage: "#c0262d",
};

export const badgeStyles = ["flat", "flat-square", "plastic", "for-the-badge"] as const;
export type BadgeStyle = (typeof badgeStyles)[number];

export function badgeMessage(status: EmbedStatus): string {
  const state = stateWords[status.overall];
  return status.percentRestored === null ? state : `${state} · ${status.percentRestored.toFixed(1)}% restored`;
}

export function badgeSvg(status: EmbedStatus, options: { label?: string; style?: BadgeStyle } = {}): string {
  return makeBadge({ label: options.label ?? "recovery", message: badgeMessage(status), color: stateColours[status.overall], style: options.style ?? "flat" });
}
