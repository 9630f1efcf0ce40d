import { createHash } from "node:crypto";
import type { PublicCategory, PublicData, PublicIncident } from "../public/public-data";
import { toStatusOverview, type OverallStatus } from "../status/get-status-overview";
import { categoryComponentStatus, worstStatus } from "./component-status";
import type {
  ComponentsDocument,
  Indicator,
  IncidentsDocument,
  ScheduledMaintenancesDocument,
  StatusDocumentV2,
  StatuspageComponent,
  StatuspageIncident,
  StatuspagePage,
  StatuspageStatus,
  SummaryDocument,
} from "./schemas";

/**
 * Our public data in Statuspage's v2 format, computed from the same snapshot as
 * /api/v1 (so the two always agree, and both stay up when the database is not):
 * - each open incident is a group component; its data categories are the components
 *   in it, with a status from their recovery (component-status.ts);
 * - incidents and their updates map field by field; our "recovering" is "identified";
 * - status.indicator is /api/v1/status's overall status in Statuspage's words.
 * Ids are stable: derived from the page URL, incident slugs and category keys, which
 * never change once published.
 */
export const STATUSPAGE_INCIDENT_LIMIT = 50;
export const PAGE_NAME = "Recovery status";

export const indicatorByOverall: Record<OverallStatus, Indicator> = {
  operational: "none",
  degraded: "minor",
  partial_outage: "major",
  major_outage: "critical",
};

const descriptionByIndicator: Record<Indicator, string> = {
  none: "All Systems Operational",
  minor: "Minor Service Outage",
  major: "Partial System Outage",
  critical: "Major Service Outage",
};

const statusMap: Record<string, StatuspageIncident["status"]> = {
  investigating: "investigating",
  identified: "identified",
  recovering: "identified",
  monitoring: "monitoring",
  resolved: "resolved",
};

/** 12 characters of [0-9a-z], like Statuspage's own ids. */
export function stableId(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 20);
  return BigInt(`0x${hex}`).toString(36).padStart(12, "0").slice(-12);
}

/** Statuspage writes times with a numeric offset; ours are UTC. */
export function offsetTime(iso: string): string {
  return iso.endsWith("Z") ? `${iso.slice(0, -1)}+00:00` : iso;
}

const latest = (times: (string | null | undefined)[]): string =>
  times.filter((t): t is string => Boolean(t)).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));

function incidentUpdatedAt(incident: PublicIncident): string {
  return latest([incident.publishedAt, incident.updates[0]?.publishedAt, incident.resolvedAt]);
}

const n = (v: number) => v.toLocaleString("en-US");

function categoryDescription(c: PublicCategory): string | null {
  if (c.affected === 0) return "No account affected.";
  const pct = Math.round((c.restored / c.affected) * 1000) / 10;
  const parts = [`Restored for ${n(c.restored)} of ${n(c.affected)} affected accounts (${pct}%)`];
  if (c.partial) parts.push(`${n(c.partial)} partly`);
  if (c.unrecoverable) parts.push(`${n(c.unrecoverable)} could not be recovered`);
  const waiting = c.pending + c.restoring;
  if (waiting) parts.push(`${n(waiting)} still waiting`);
  return `${parts.join("; ")}.`;
}

export class StatuspageView {
  readonly page: StatuspagePage;
  private readonly pageId: string;
  private readonly componentsBySlug = new Map<string, StatuspageComponent[]>();
  private readonly activeSlugs: string[];
  private readonly indicator: Indicator;

  constructor(
    private readonly data: PublicData,
    private readonly base: string,
  ) {
    this.pageId = stableId("page", base);
    let position = 0;
    for (const incident of data.incidents) this.componentsBySlug.set(incident.slug, this.incidentComponents(incident, () => ++position));
    const overview = toStatusOverview(data, { ageSeconds: 0, stale: false });
    this.activeSlugs = overview.active.map((i) => i.slug);
    this.indicator = indicatorByOverall[overview.overall];
    const times = data.incidents.flatMap((i) => [incidentUpdatedAt(i), ...(this.componentsBySlug.get(i.slug) ?? []).map((c) => c.updated_at.replace("+00:00", "Z"))]);
    for (const letter of data.letters) times.push(letter.revisions.at(-1)?.publishedAt ?? "");
    this.page = {
      id: this.pageId,
      name: PAGE_NAME,
      url: base,
      time_zone: "Etc/UTC",
      updated_at: offsetTime(times.some(Boolean) ? latest(times) : data.generatedAt),
    };
  }

  private incidentComponents(incident: PublicIncident, nextPosition: () => number): StatuspageComponent[] {
    const groupId = stableId("component", this.base, incident.slug);
    const createdAt = offsetTime(incident.publishedAt);
    const startDate = incident.startedAt.slice(0, 10);
    const common = { showcase: false, start_date: startDate, page_id: this.pageId, only_show_if_degraded: false } as const;
    const groupPosition = nextPosition();
    const children: StatuspageComponent[] = incident.categories.map((c) => ({
      id: stableId("component", this.base, incident.slug, c.key),
      name: c.label,
      status: categoryComponentStatus(c),
      created_at: createdAt,
      updated_at: offsetTime(latest([incident.publishedAt, c.updatedAt])),
      position: nextPosition(),
      description: categoryDescription(c),
      group_id: groupId,
      group: false,
      ...common,
    }));
    const group: StatuspageComponent = {
      id: groupId,
      name: incident.title,
      status: worstStatus(children.map((c) => c.status)),
      created_at: createdAt,
      updated_at: children.length ? children.map((c) => c.updated_at).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a)) : createdAt,
      position: groupPosition,
      description: incident.summary,
      group_id: null,
      group: true,
      components: children.map((c) => c.id),
      ...common,
    };
    return [group, ...children];
  }

  private incident(incident: PublicIncident): StatuspageIncident {
    const id = stableId("incident", this.base, incident.slug);
    const monitoring = incident.updates.filter((u) => u.status === "monitoring").at(-1);
    return {
      id,
      name: incident.title,
      status: statusMap[incident.status] ?? "investigating",
      impact: (["none", "minor", "major", "critical"] as const).find((i) => i === incident.impact) ?? "major",
      created_at: offsetTime(incident.publishedAt),
      updated_at: offsetTime(incidentUpdatedAt(incident)),
      started_at: offsetTime(incident.startedAt),
      monitoring_at: monitoring ? offsetTime(monitoring.publishedAt) : null,
      resolved_at: incident.resolvedAt ? offsetTime(incident.resolvedAt) : null,
      shortlink: `${this.base}/incidents/${encodeURIComponent(incident.slug)}`,
      page_id: this.pageId,
      incident_updates: incident.updates.map((u) => ({
        id: stableId("update", this.base, u.id),
        status: statusMap[u.status] ?? "investigating",
        body: u.body,
        incident_id: id,
        created_at: offsetTime(u.publishedAt),
        updated_at: offsetTime(u.publishedAt),
        display_at: offsetTime(u.publishedAt),
        affected_components: null,
      })),
      components: this.componentsBySlug.get(incident.slug) ?? [],
    };
  }

  status(): StatuspageStatus {
    return { indicator: this.indicator, description: descriptionByIndicator[this.indicator] };
  }

  /** Components of the open incidents: each incident's group, then its categories. */
  components(): StatuspageComponent[] {
    return this.activeSlugs.flatMap((slug) => this.componentsBySlug.get(slug) ?? []);
  }

  incidents(): StatuspageIncident[] {
    return this.data.incidents.slice(0, STATUSPAGE_INCIDENT_LIMIT).map((i) => this.incident(i));
  }

  unresolvedIncidents(): StatuspageIncident[] {
    return this.data.incidents.filter((i) => this.activeSlugs.includes(i.slug)).map((i) => this.incident(i));
  }

  statusDocument(): StatusDocumentV2 {
    return { page: this.page, status: this.status() };
  }

  componentsDocument(): ComponentsDocument {
    return { page: this.page, components: this.components() };
  }

  incidentsDocument(which: "all" | "unresolved"): IncidentsDocument {
    return { page: this.page, incidents: which === "all" ? this.incidents() : this.unresolvedIncidents() };
  }

  /** The portal schedules no maintenance. */
  scheduledMaintenancesDocument(): ScheduledMaintenancesDocument {
    return { page: this.page, scheduled_maintenances: [] };
  }

  summaryDocument(): SummaryDocument {
    return { page: this.page, components: this.components(), incidents: this.unresolvedIncidents(), scheduled_maintenances: [], status: this.status() };
  }
}
