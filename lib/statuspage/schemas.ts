import { z } from "zod";

/**
 * The Statuspage public API v2 documents served under /api/v2/ (Atlassian's format, also
 * served by incident.io and read by its client libraries, exporters and chat bots). One
 * source: these schemas type the mapping (to-statuspage.ts), document the API (OpenAPI)
 * and check the answers in the tests. Field names and value sets are the format's; what
 * we add is documented per field. docs/readme/statuspage.md
 */

/** RFC 3339 with a numeric zone offset, as Statuspage writes it: 2026-12-01T09:30:00.000+00:00. */
export const statuspageTime = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/, "a time with a zone offset")
  .meta({ format: "date-time", examples: ["2026-12-01T09:30:00.000+00:00"] });

export const componentStatuses = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"] as const;
export const incidentStatuses = ["investigating", "identified", "monitoring", "resolved", "postmortem"] as const;
export const indicators = ["none", "minor", "major", "critical"] as const;

export const pageSchema = z
  .strictObject({
    id: z.string().meta({ description: "Stable id of this page (derived from its public URL)." }),
    name: z.string(),
    url: z.url(),
    time_zone: z.string().meta({ description: "Always Etc/UTC: every time is written in UTC." }),
    updated_at: statuspageTime.meta({ description: "When anything shown last changed (an update, a restore, a letter)." }),
  })
  .meta({ id: "StatuspagePage" });

export const componentSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    status: z.enum(componentStatuses).meta({
      description:
        "For a data category, from its recovery: operational when every affected account is restored; degraded_performance when at most 10% still wait or some data came back only partly or not at all; partial_outage while more than 10% wait; major_outage while nothing is back. A group (an incident) takes its worst category.",
    }),
    created_at: statuspageTime,
    updated_at: statuspageTime,
    position: z.number().int().min(1),
    description: z.string().nullable().meta({ description: "Progress in words: restored, partly restored and lost accounts." }),
    showcase: z.boolean(),
    start_date: z.iso.date().nullable().meta({ description: "The day the incident started." }),
    group_id: z.string().nullable().meta({ description: "For a data category, the id of its incident's group component." }),
    page_id: z.string(),
    group: z.boolean().meta({ description: "True for the component of an incident, whose components are its data categories." }),
    only_show_if_degraded: z.boolean(),
    components: z.array(z.string()).optional().meta({ description: "Groups only: ids of the data categories in it, in order." }),
  })
  .meta({ id: "StatuspageComponent", description: "A data category of an open incident (or the incident itself, as a group)." });

export const incidentUpdateSchema = z
  .strictObject({
    id: z.string(),
    status: z.enum(incidentStatuses),
    body: z.string().meta({ description: "Markdown, as written by staff." }),
    incident_id: z.string(),
    created_at: statuspageTime,
    updated_at: statuspageTime,
    display_at: statuspageTime,
    affected_components: z.null(),
  })
  .meta({ id: "StatuspageIncidentUpdate" });

export const incidentSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    status: z.enum(incidentStatuses).meta({ description: "Our status recovering (the cause is known and data is being restored) is Statuspage's identified." }),
    impact: z.enum(indicators),
    created_at: statuspageTime.meta({ description: "When the incident was published." }),
    updated_at: statuspageTime,
    started_at: statuspageTime,
    monitoring_at: statuspageTime.nullable(),
    resolved_at: statuspageTime.nullable(),
    shortlink: z.url().meta({ description: "The incident's page on this portal." }),
    page_id: z.string(),
    incident_updates: z.array(incidentUpdateSchema).meta({ description: "Newest first." }),
    components: z.array(componentSchema).meta({ description: "The incident's group component, then its data categories." }),
  })
  .meta({ id: "StatuspageIncident" });

export const scheduledMaintenanceSchema = incidentSchema
  .extend({
    status: z.enum(["scheduled", "in_progress", "verifying", "completed"]),
    scheduled_for: statuspageTime,
    scheduled_until: statuspageTime,
  })
  .meta({ id: "StatuspageScheduledMaintenance", description: "The portal plans no maintenance: the lists are always empty." });

export const statusSchema = z
  .strictObject({
    indicator: z.enum(indicators).meta({
      description: "From the open incidents' impact, as /api/v1/status: none = operational, minor = degraded, major = partial_outage, critical = major_outage.",
    }),
    description: z.string(),
  })
  .meta({ id: "StatuspageStatus" });

export const statusDocumentSchema = z.strictObject({ page: pageSchema, status: statusSchema }).meta({ id: "StatuspageStatusDocument" });
export const componentsDocumentSchema = z.strictObject({ page: pageSchema, components: z.array(componentSchema) }).meta({ id: "StatuspageComponentsDocument" });
export const incidentsDocumentSchema = z.strictObject({ page: pageSchema, incidents: z.array(incidentSchema) }).meta({ id: "StatuspageIncidentsDocument" });
export const scheduledMaintenancesDocumentSchema = z
  .strictObject({ page: pageSchema, scheduled_maintenances: z.array(scheduledMaintenanceSchema) })
  .meta({ id: "StatuspageScheduledMaintenancesDocument" });
export const summaryDocumentSchema = z
  .strictObject({
    page: pageSchema,
    components: z.array(componentSchema),
    incidents: z.array(incidentSchema).meta({ description: "Unresolved incidents." }),
    scheduled_maintenances: z.array(scheduledMaintenanceSchema),
    status: statusSchema,
  })
  .meta({ id: "StatuspageSummaryDocument" });

export type StatuspagePage = z.infer<typeof pageSchema>;
export type StatuspageComponent = z.infer<typeof componentSchema>;
export type StatuspageIncident = z.infer<typeof incidentSchema>;
export type StatuspageIncidentUpdate = z.infer<typeof incidentUpdateSchema>;
export type StatuspageStatus = z.infer<typeof statusSchema>;
export type ComponentStatus = (typeof componentStatuses)[number];
export type Indicator = (typeof indicators)[number];
export type SummaryDocument = z.infer<typeof summaryDocumentSchema>;
export type StatusDocumentV2 = z.infer<typeof statusDocumentSchema>;
export type ComponentsDocument = z.infer<typeof componentsDocumentSchema>;
export type IncidentsDocument = z.infer<typeof incidentsDocumentSchema>;
export type ScheduledMaintenancesDocument = z.infer<typeof scheduledMaintenancesDocumentSchema>;
