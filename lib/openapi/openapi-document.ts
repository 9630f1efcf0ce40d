import { publicUrl } from "../env";
import { buildOpenApiDocument, type DocumentedRoute } from "./build-document";
import { errorBodySchema } from "./error-schema";

/** The portal's document (built once per process and address: the specs do not change at run time). */
let cached: { base: string; document: Record<string, unknown> } | undefined;

export function openApiDocument(routes: DocumentedRoute[]): Record<string, unknown> {
  const base = publicUrl();
  if (cached?.base === base) return cached.document;
  const document = buildOpenApiDocument(
    routes,
    {
      title: "Recovery Portal API",
      version: "1.0.0",
      description:
        "Public status (v1, and Statuspage's v2 format), the recovery pipeline's restore API, and health. Public answers are CDN-cacheable and served from the last good copy when the database is down. Errors are `{ error: { code, message, details } }`.",
      serverUrl: base,
      tags: [
        { name: "public", description: "Public status, open CORS, no credential" },
        { name: "statuspage", description: "The same public data in Statuspage's public API v2 format" },
        { name: "pipeline", description: "The recovery pipeline reports restores (API key, scope restores:write)" },
        { name: "health", description: "Liveness and readiness" },
      ],
    },
    errorBodySchema,
  );
  cached = { base, document };
  return document;
}
