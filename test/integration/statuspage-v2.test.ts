import { Statuspage } from "statuspage.io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPublicData, type PublicData } from "@/lib/public/public-data";
import { setPublicSnapshotStore } from "@/lib/public/public-snapshot";
import { SnapshotStore } from "@/lib/public/snapshot-store";
import { seedDemo } from "@/lib/seed/seed-demo";
import { categoryComponentStatus } from "@/lib/statuspage/component-status";
import {
  componentsDocumentSchema,
  incidentsDocumentSchema,
  scheduledMaintenancesDocumentSchema,
  statusDocumentSchema,
  summaryDocumentSchema,
  type StatuspageComponent,
  type StatuspageIncident,
  type StatuspagePage,
} from "@/lib/statuspage/schemas";
import { GET as v1Status } from "@/app/api/v1/status/route";
import { GET as summary } from "@/app/api/v2/summary.json/route";
import { GET as status } from "@/app/api/v2/status.json/route";
import { GET as components } from "@/app/api/v2/components.json/route";
import { GET as incidents } from "@/app/api/v2/incidents.json/route";
import { GET as unresolved } from "@/app/api/v2/incidents/unresolved.json/route";
import { GET as maintenances } from "@/app/api/v2/scheduled-maintenances.json/route";
import { GET as upcoming } from "@/app/api/v2/scheduled-maintenances/upcoming.json/route";
import { GET as active } from "@/app/api/v2/scheduled-maintenances/active.json/route";
import { useTestDatabase } from "../helpers/db";
import { statusSchema as v1StatusSchema } from "../helpers/public-api-schemas";
import { serveRoutes } from "../helpers/route-server";

const db = await useTestDatabase();
const routes = {
  "/api/v1/status": v1Status,
  "/api/v2/summary.json": summary,
  "/api/v2/status.json": status,
  "/api/v2/components.json": components,
  "/api/v2/incidents.json": incidents,
  "/api/v2/incidents/unresolved.json": unresolved,
  "/api/v2/scheduled-maintenances.json": maintenances,
  "/api/v2/scheduled-maintenances/upcoming.json": upcoming,
  "/api/v2/scheduled-maintenances/active.json": active,
};
let server: Awaited<ReturnType<typeof serveRoutes>>;
let client: Statuspage;
let loadFails = false;

beforeAll(async () => {
  await seedDemo(db, { accounts: 120 });
  // A second open incident (minor, nothing back yet), a resolved one and a draft.
  const second = await db.prisma.incident.create({
    data: {
      slug: "photo-sync",
      title: "Photo sync paused",
      summary: "Photos are not syncing.",
      status: "investigating",
      impact: "minor",
      startedAt: new Date(Date.now() - 600_000),
      publishedAt: new Date(Date.now() - 500_000),
      categories: { create: [{ key: "photos", label: "Photos", position: 1 }] },
    },
    include: { categories: true },
  });
  const account = await db.prisma.account.create({ data: { externalRef: "PS-1", email: "ps1@example.com", displayName: "P S" } });
  await db.prisma.impact.create({ data: { incidentId: second.id, accountId: account.id, categoryId: second.categories[0]!.id, itemsTotal: 10 } });
  await db.prisma.incident.create({
    data: {
      slug: "old-outage",
      title: "Old outage",
      summary: "Fixed long ago",
      status: "resolved",
      impact: "minor",
      startedAt: new Date("2025-01-01T00:00:00Z"),
      resolvedAt: new Date("2025-01-02T00:00:00Z"),
      publishedAt: new Date("2025-01-01T01:00:00Z"),
      updates: { create: [{ status: "monitoring", body: "Fix deployed.", publishedAt: new Date("2025-01-01T12:00:00Z") }, { status: "resolved", body: "Done.", publishedAt: new Date("2025-01-02T00:00:00Z") }] },
    },
  });
  await db.prisma.incident.create({ data: { slug: "draft-incident", title: "Secret draft", summary: "not yet", startedAt: new Date() } });
  setPublicSnapshotStore(
    new SnapshotStore<PublicData>({
      load: () => (loadFails ? Promise.reject(new Error("database down")) : loadPublicData(db.prisma)),
      refreshMs: 60_000,
    }),
  );
  server = await serveRoutes(routes);
  // The published client builds https://<page id>.statuspage.io; point it here instead.
  client = new Statuspage("anypage");
  client.setApiUrl(server.base);
});
afterAll(async () => {
  setPublicSnapshotStore(undefined);
  await server?.close();
});

const offset = /[+-]\d\d:\d\d$/;

function expectPage(page: StatuspagePage, reference: StatuspagePage) {
  expect(page).toEqual(reference);
  expect(page.updated_at).toMatch(offset);
  expect(page.id).toMatch(/^[0-9a-z]{12}$/);
}

function checkComponentRules(list: StatuspageComponent[], page: StatuspagePage) {
  const ids = list.map((c) => c.id);
  expect(new Set(ids).size).toBe(ids.length);
  const positions = list.map((c) => c.position);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  for (const c of list) {
    expect(c.page_id).toBe(page.id);
    expect(Date.parse(c.updated_at)).toBeGreaterThanOrEqual(Date.parse(c.created_at));
    if (c.group) {
      expect(c.group_id).toBeNull();
      expect(c.components).toEqual(list.filter((x) => x.group_id === c.id).map((x) => x.id));
    } else {
      expect(c.components).toBeUndefined();
      expect(list.find((g) => g.id === c.group_id)?.group).toBe(true);
    }
  }
}

function checkIncidentRules(list: StatuspageIncident[], page: StatuspagePage) {
  for (const i of list) {
    expect(i.page_id).toBe(page.id);
    for (const t of [i.created_at, i.updated_at, i.started_at, i.monitoring_at, i.resolved_at]) if (t) expect(t).toMatch(offset);
    expect(Date.parse(i.updated_at)).toBeGreaterThanOrEqual(Date.parse(i.created_at));
    expect(i.resolved_at !== null).toBe(i.status === "resolved" || i.status === "postmortem");
    const times = i.incident_updates.map((u) => Date.parse(u.display_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const u of i.incident_updates) expect(u.incident_id).toBe(i.id);
    if (i.incident_updates[0]) expect(i.incident_updates[0].status).toBe(i.status);
    checkComponentRules(i.components, page);
  }
}

describe("Statuspage v2 API read by the published statuspage.io client", () => {
  it("answers every endpoint in the format, and agrees with /api/v1/status", async () => {
    const v1 = v1StatusSchema.parse(await (await fetch(`${server.base}/api/v1/status`)).json());
    const s = summaryDocumentSchema.parse(await client.api.getSummary());
    const st = statusDocumentSchema.parse(await client.api.getStatus());
    const comps = componentsDocumentSchema.parse(await client.api.getComponents());
    const all = incidentsDocumentSchema.parse(await client.api.incidents.getAll());
    const open = incidentsDocumentSchema.parse(await client.api.incidents.getUnresolved());
    const upcomingDoc = scheduledMaintenancesDocumentSchema.parse(await client.api.scheduledMaintenances.getUpcoming());
    // The client fetches upcoming.json for all three; the other two are read directly.
    for (const path of ["/api/v2/scheduled-maintenances.json", "/api/v2/scheduled-maintenances/active.json"]) {
      expect(scheduledMaintenancesDocumentSchema.parse(await (await fetch(server.base + path)).json()).scheduled_maintenances).toEqual([]);
    }
    expect(upcomingDoc.scheduled_maintenances).toEqual([]);

    // One page, the same in every document.
    for (const doc of [st, comps, all, open, upcomingDoc]) expectPage(doc.page, s.page);
    expect(s.page).toMatchObject({ name: "Recovery status", time_zone: "Etc/UTC" });

    // status.indicator: the v1 overall status in Statuspage's words (a critical and a minor incident are open).
    expect(v1.status).toBe("major_outage");
    expect(s.status).toEqual({ indicator: "critical", description: "Major Service Outage" });
    expect(st.status).toEqual(s.status);

    // Incidents: the open ones are v1's, in the same order, with their latest update.
    expect(open.incidents).toEqual(s.incidents);
    expect(s.incidents.map((i) => [i.name, i.shortlink, i.impact])).toEqual(v1.incidents.map((i) => [i.title, i.url, i.impact]));
    for (const [index, incident] of s.incidents.entries()) {
      expect(incident.incident_updates[0]?.body ?? null).toBe(v1.incidents[index]!.latestUpdate?.body ?? null);
    }
    expect(s.incidents.map((i) => i.status)).toEqual(["investigating", "identified"]); // the demo is recovering: identified
    expect(all.incidents.map((i) => i.name)).toEqual(["Photo sync paused", s.incidents[1]!.name, "Old outage"]);
    const old = all.incidents.find((i) => i.name === "Old outage")!;
    expect(old).toMatchObject({ status: "resolved", resolved_at: "2025-01-02T00:00:00.000+00:00", monitoring_at: "2025-01-01T12:00:00.000+00:00" });
    expect(all.incidents.map((i) => i.name)).not.toContain("Secret draft");
    checkIncidentRules(all.incidents, s.page);

    // Components: a group per open v1 incident, its categories in order, status from their counts.
    expect(comps.components).toEqual(s.components);
    checkComponentRules(s.components, s.page);
    const groups = s.components.filter((c) => c.group);
    expect(groups.map((g) => g.name)).toEqual(v1.incidents.map((i) => i.title));
    for (const [index, incident] of v1.incidents.entries()) {
      const children = s.components.filter((c) => c.group_id === groups[index]!.id);
      expect(children.map((c) => c.name)).toEqual(incident.categories.map((c) => c.label));
      for (const [k, category] of incident.categories.entries()) {
        expect(children[k]!.status).toBe(categoryComponentStatus(category));
        expect(children[k]!.description).toContain(`Restored for ${category.restored.toLocaleString("en-US")} of ${category.affected.toLocaleString("en-US")} affected accounts`);
      }
    }
    const photoSync = groups.find((g) => g.name === "Photo sync paused")!;
    expect(photoSync.status).toBe("major_outage"); // nothing back yet
    expect(s.incidents.find((i) => i.name === "Photo sync paused")!.components.map((c) => c.id)).toEqual([photoSync.id, ...photoSync.components!]);
  });

  it("keeps ids stable across refreshes and sends the public API's headers", async () => {
    const first = summaryDocumentSchema.parse(await (await fetch(`${server.base}/api/v2/summary.json`)).json());
    const response = await fetch(`${server.base}/api/v2/summary.json`);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toMatch(/^public, .*s-maxage=\d+/);
    expect(response.headers.get("content-type")).toContain("application/json");
    setPublicSnapshotStore(new SnapshotStore<PublicData>({ load: () => loadPublicData(db.prisma), refreshMs: 60_000 }));
    const second = summaryDocumentSchema.parse(await (await fetch(`${server.base}/api/v2/summary.json`)).json());
    expect(second.components.map((c) => c.id)).toEqual(first.components.map((c) => c.id));
    expect(second.incidents.map((i) => [i.id, i.incident_updates.map((u) => u.id)])).toEqual(first.incidents.map((i) => [i.id, i.incident_updates.map((u) => u.id)]));
    expect(second.page.id).toBe(first.page.id);
  });

  it("serves the last good snapshot when the database cannot be read, as /api/v1 does", async () => {
    const store = new SnapshotStore<PublicData>({
      load: () => (loadFails ? Promise.reject(new Error("database down")) : loadPublicData(db.prisma)),
      refreshMs: 0.001,
      onError: () => {},
    });
    setPublicSnapshotStore(store);
    const before = await (await fetch(`${server.base}/api/v2/summary.json`)).json();
    loadFails = true;
    try {
      const during = await fetch(`${server.base}/api/v2/summary.json`);
      expect(during.status).toBe(200);
      expect(await during.json()).toEqual(before);
      const v1 = v1StatusSchema.parse(await (await fetch(`${server.base}/api/v1/status`)).json());
      expect(v1.stale).toBe(true);
    } finally {
      loadFails = false;
    }
    // Nothing ever read: 503, like v1.
    setPublicSnapshotStore(new SnapshotStore<PublicData>({ load: () => Promise.reject(new Error("database down")), refreshMs: 60_000, onError: () => {} }));
    const none = await fetch(`${server.base}/api/v2/status.json`);
    expect(none.status).toBe(503);
    expect(none.headers.get("retry-after")).toBe("5");
  });
});
