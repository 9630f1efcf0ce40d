import { z } from "zod";
import type { BodySpec, RouteDocs, Who } from "../http/define-route";

/**
 * The OpenAPI 3.1 document of the JSON APIs, generated from the specs that the route
 * handlers declare with defineRoute (who may call, params, query, body, response): the
 * same zod schemas validate the requests, type the answers and are converted here with
 * zod's own z.toJSONSchema (JSON Schema 2020-12, which is OpenAPI 3.1's dialect).
 * Schemas that carry `.meta({ id })` become components and are referenced by $ref.
 * docs/decisions/027-openapi-from-route-specs.md
 */
export interface DocumentedRoute {
  path: string;
  method: "get" | "post" | "put" | "patch" | "delete" | "options";
  spec: {
    who: Who;
    params?: z.ZodType | undefined;
    query?: z.ZodType | undefined;
    body?: BodySpec | undefined;
    response?: z.ZodType | undefined;
    status?: number | undefined;
    docs?: RouteDocs | undefined;
  };
}

type JsonSchema = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  serverUrl: string;
  tags: { name: string; description: string }[];
}

const componentRef = (id: string) => `#/components/schemas/${id}`;

/** Converts one schema, moving its $defs into `components` and pointing the refs there. */
function convert(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  const { $schema: _ignored, $defs, ...root } = json;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, k === "$ref" && typeof v === "string" && v.startsWith("#/$defs/") ? componentRef(v.slice(8)) : rewrite(v)]),
      );
    }
    return value;
  };
  for (const [id, def] of Object.entries($defs ?? {})) {
    // Request and answer views of one schema differ only by defaults and transforms;
    // the answer's (output) view wins a shared name.
    if (!components[id] || io === "output") components[id] = rewrite(def) as JsonSchema;
  }
  return rewrite(root) as JsonSchema;
}

function parameters(schema: z.ZodType | undefined, where: "query" | "path", components: Record<string, JsonSchema>) {
  if (!schema) return [];
  const json = convert(schema, "input", components) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s as JsonSchema & { description?: string };
    return {
      name,
      in: where,
      required: where === "path" || (json.required ?? []).includes(name),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function requestBody(body: BodySpec | undefined, components: Record<string, JsonSchema>) {
  if (!body) return undefined;
  if ("json" in body) {
    return { required: true, content: { "application/json": { schema: convert(body.json, "input", components) } }, description: `At most ${body.maxBytes} bytes.` };
  }
  if ("form" in body) {
    const schema = convert(body.form, "input", components);
    return { required: true, content: { "application/x-www-form-urlencoded": { schema }, "multipart/form-data": { schema } } };
  }
  return {
    required: true,
    description: body.upload.hint,
    content: { "text/csv": { schema: { type: "string" } }, "multipart/form-data": { schema: { type: "object", properties: { file: { type: "string", contentMediaType: "text/csv" } } } } },
  };
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: componentRef("Error") } } },
});

export function buildOpenApiDocument(routes: DocumentedRoute[], info: OpenApiInfo, errorSchema: z.ZodType): Record<string, unknown> {
  const components: Record<string, JsonSchema> = {};
  // Registers the error body (its id is Error) as a component.
  convert(errorSchema, "output", components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { path, method, spec } of routes) {
    const who = spec.who;
    const responses: Record<string, unknown> = {
      [String(spec.status ?? 200)]: spec.response
        ? { description: "Success", content: { "application/json": { schema: convert(spec.response, "output", components) } } }
        : { description: "Success" },
    };
    if (spec.query || spec.params || spec.body) responses["400"] = errorResponse("Invalid input: `error.details.field` names the first field at fault");
    if (typeof who === "object" && ("apiKey" in who || "staff" in who)) {
      responses["401"] = errorResponse("No valid credential");
      responses["403"] = errorResponse("The credential lacks the permission");
    }
    if (spec.body) responses["413"] = errorResponse("The body is larger than allowed");
    responses["503"] = errorResponse("No data could be read yet (the database is unavailable); retry after `Retry-After` seconds");
    const operation: Record<string, unknown> = {
      operationId: spec.docs?.operationId ?? `${method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      summary: spec.docs?.summary ?? "",
      ...(spec.docs?.description ? { description: spec.docs.description } : {}),
      tags: spec.docs?.tags ?? [],
      parameters: [...parameters(spec.params, "path", components), ...parameters(spec.query, "query", components)],
      ...(spec.body ? { requestBody: requestBody(spec.body, components) } : {}),
      responses,
      ...(typeof who === "object" && "apiKey" in who ? { security: [{ apiKey: [who.apiKey] }] } : {}),
      ...(typeof who === "object" && "staff" in who ? { security: [{ staffSession: [] }] } : {}),
    };
    paths[path] = { ...paths[path], [method]: operation };
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    info: { title: info.title, version: info.version, description: info.description },
    servers: [{ url: info.serverUrl }],
    tags: info.tags,
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key (rp_...) created with `npm run cli -- create-api-key`; scopes per operation." },
        staffSession: { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: "A signed-in staff member's session (console routes)." },
      },
    },
  };
}
