import { makeBadge } from "badge-maker";
import { formattersFor, translator } from "../i18n/translator";
import type { OverallStatus } from "../status/get-status-overview";
import type { EmbedStatus } from "./get-embed-status";

/**
 * The status badge (shields.io's look, drawn by its own library, badge-maker): "recovery
 * | major outage · 78.4% restored", coloured by the overall state. Plain SVG with a
 * <title>, no script, no external reference. Its words are in the status's language
 * (messages/<locale>/embeds.json, `badge`).
 */
const stateColours: Record<OverallStatus, string> = {
  operational: "#1a7f37",
  degraded: "#9a6700",
  partial_outage: "#bc4c00",
  major_outage: "#c0262d",
};

export const badgeStyles = ["flat", "flat-square", "plastic", "for-the-badge"] as const;
export type BadgeStyle = (typeof badgeStyles)[number];

export function badgeMessage(status: EmbedStatus): string {
  const t = translator(status.locale, "embeds.badge");
  const state = t(`state.${status.overall}`);
  return status.percentRestored === null ? state : t("restored", { state, percent: formattersFor(status.locale).percentValue(status.percentRestored) });
}

export function badgeSvg(status: EmbedStatus, options: { label?: string; style?: BadgeStyle } = {}): string {
  const label = options.label ?? translator(status.locale, "embeds.badge")("label");
  return makeBadge({ label, message: badgeMessage(status), color: stateColours[status.overall], style: options.style ?? "flat" });
}
