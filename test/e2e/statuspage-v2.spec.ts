import { expect, test } from "@playwright/test";
import { Statuspage } from "statuspage.io";
import { componentsDocumentSchema, incidentsDocumentSchema, statusDocumentSchema, summaryDocumentSchema } from "../../lib/statuspage/schemas";
import { statusSchema } from "../helpers/public-api-schemas";
import { baseURL } from "../../playwright.config";

/** The published Statuspage client against the running app (`npm start`), as an integration would read it. */
test("the statuspage.io client reads /api/v2 from the running portal, in agreement with /api/v1/status", async ({ request }) => {
  const client = new Statuspage("recovery-portal");
  client.setApiUrl(baseURL);
  const summary = summaryDocumentSchema.parse(await client.api.getSummary());
  const v1 = statusSchema.parse(await (await request.get("/api/v1/status")).json());
  const indicator = { operational: "none", degraded: "minor", partial_outage: "major", major_outage: "critical" }[v1.status];
  expect(summary.status.indicator).toBe(indicator);
  expect(statusDocumentSchema.parse(await client.api.getStatus()).status).toEqual(summary.status);
  expect(summary.incidents.map((i) => i.shortlink)).toEqual(v1.incidents.map((i) => i.url));
  expect(incidentsDocumentSchema.parse(await client.api.incidents.getUnresolved()).incidents.map((i) => i.id)).toEqual(summary.incidents.map((i) => i.id));
  const components = componentsDocumentSchema.parse(await client.api.getComponents()).components;
  expect(components.filter((c) => !c.group).map((c) => c.name)).toEqual(v1.incidents.flatMap((i) => i.categories.map((c) => c.label)));
  expect(summary.page.updated_at).toMatch(/[+-]\d\d:\d\d$/);

  // Held by the public micro-cache like /api/v1: the second read does not reach Next.
  const first = await request.get("/api/v2/components.json");
  const second = await request.get("/api/v2/components.json");
  expect(second.headers()["x-public-cache"]).toBe("hit");
  expect(first.headers()["cache-control"]).toMatch(/^public, .*s-maxage=/);
  expect(second.headers()["access-control-allow-origin"]).toBe("*");
});
