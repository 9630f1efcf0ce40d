import SwaggerParser from "@apidevtools/swagger-parser";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { documentedRoutes } from "@/app/api/openapi.json/documented-routes";
import { GET as openapiGET } from "@/app/api/openapi.json/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { loadPublicData, type PublicData } from "@/lib/public/public-data";
import { setPublicSnapshotStore } from "@/lib/public/public-snapshot";
import { SnapshotStore } from "@/lib/public/snapshot-store";
import { DEMO_INCIDENT_SLUG, seedDemo } from "@/lib/seed/seed-demo";
import { useTestDatabase } from "../helpers/db";

const db = await useTestDatabase();
type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
let doc: Doc & Record<string, unknown>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);

beforeAll(async () => {
  await seedDemo(db, { accounts: 40 });
  setPublicSnapshotStore(new SnapshotStore<PublicData>({ load: () => loadPublicData(db.prisma), refreshMs: 60_000 }));
  const response = await openapiGET(new Request("http://localhost/api/openapi.json"));
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toMatch(/^public, /);
  doc = (await response.json()) as typeof doc;
  // The whole document as one schema resource, so that "#/components/..." refs resolve.
  ajv.addSchema(doc, "openapi.json");
});

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");

/** Validates a body against the document's schema for that operation and status. */
function check(path: string, method: string, status: number, body: unknown): string[] {
  const ref = `openapi.json#/${pointer("paths", path, method, "responses", String(status), "content", "application/json", "schema")}`;
  const validate = ajv.compile({ $ref: ref });
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document covering every JSON API", async () => {
    const api = (await SwaggerParser.validate(structuredClone(doc) as never)) as unknown as { openapi: string; paths: Record<string, unknown> };
    expect(api.openapi).toBe("3.1.0");
    for (const route of documentedRoutes) expect(doc.paths[route.path]?.[route.method], `${route.method} ${route.path}`).toBeDefined();
    for (const path of ["/api/v1/status", "/api/v1/incidents", "/api/v1/restores", "/api/v2/summary.json", "/api/v2/incidents/unresolved.json", "/api/v2/scheduled-maintenances/active.json"]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const restores = doc.paths["/api/v1/restores"]!.post as unknown as { security: unknown; requestBody: { content: Record<string, unknown> } };
    expect(restores.security).toEqual([{ apiKey: ["restores:write"] }]);
    expect(Object.keys(restores.requestBody.content)).toEqual(["application/json"]);
    const incidents = doc.paths["/api/v1/incidents"]!.get as unknown as { parameters: { name: string; in: string }[] };
    expect(incidents.parameters.map((p) => [p.name, p.in])).toEqual([["page", "query"], ["limit", "query"], ["lang", "query"]]);
  });

  it("real answers of every GET match it, and a wrong one does not", async () => {
    for (const route of documentedRoutes.filter((r) => r.method === "get")) {
      const response = await route.handler(new Request(`http://localhost${route.path}`));
      const body = (await response.json()) as unknown;
      expect(check(route.path, "get", response.status, body), `${route.path} ${response.status}`).toEqual([]);
    }
    const status = (await (await documentedRoutes[0].handler(new Request("http://localhost/api/v1/status"))).json()) as { incidents: Record<string, unknown>[] };
    delete status.incidents[0]!.title;
    expect(check("/api/v1/status", "get", 200, status).join()).toContain("must have required property 'title'");
    const bad = await documentedRoutes[1].handler(new Request("http://localhost/api/v1/incidents?limit=1000"));
    expect(bad.status).toBe(400);
    expect(check("/api/v1/incidents", "get", 400, await bad.json())).toEqual([]);
  });

  it("the pipeline API's answers match it: applied items, and errors", async () => {
    const { key } = await createApiKey(db.prisma, { name: "pipeline", scopes: ["restores:write"] });
    const account = await db.prisma.account.findFirstOrThrow({ orderBy: { id: "asc" } });
    const restores = documentedRoutes.find((r) => r.path === "/api/v1/restores")!.handler;
    const post = (body: unknown, auth = `Bearer ${key}`) =>
      restores(new Request("http://localhost/api/v1/restores", { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body: JSON.stringify(body) }));
    const ok = await post({
      incident: DEMO_INCIDENT_SLUG,
      items: [
        { account: account.externalRef, category: "contacts", state: "restored", key: "k1" },
        { account: "nobody", category: "contacts", state: "restored", key: "k2" },
      ],
    });
    expect(ok.status).toBe(200);
    expect(check("/api/v1/restores", "post", 200, await ok.json())).toEqual([]);
    const unauthorised = await post({ incident: DEMO_INCIDENT_SLUG, items: [] }, "Bearer nope");
    expect(unauthorised.status).toBe(401);
    expect(check("/api/v1/restores", "post", 401, await unauthorised.json())).toEqual([]);
    const invalid = await post({ incident: DEMO_INCIDENT_SLUG, items: [{ account: "x" }] });
    expect(invalid.status).toBe(400);
    expect(check("/api/v1/restores", "post", 400, await invalid.json())).toEqual([]);
  });
});
