import { defineRoute } from "@/lib/http/define-route";
import { openApiDocument } from "@/lib/openapi/openapi-document";
import { publicCorsHeaders, publicJson, publicOptionsRoute } from "@/lib/public/http";
import { documentedRoutes } from "./documented-routes";

// Every JSON API, documented from the specs its route handlers declare (one source).
export const dynamic = "force-dynamic";

export const GET = defineRoute({
  who: "public",
  headers: publicCorsHeaders,
  docs: { summary: "This document: OpenAPI 3.1 of every JSON API", tags: ["meta"] },
  handle: async () => publicJson(openApiDocument(documentedRoutes.map(({ path, method, handler }) => ({ path, method, spec: handler.spec })))),
});

export const OPTIONS = publicOptionsRoute;
