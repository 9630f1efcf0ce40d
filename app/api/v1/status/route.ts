import { defineRoute } from "@/lib/http/define-route";
import { publicCorsHeaders, publicJson, publicOptionsRoute } from "@/lib/public/http";
import { langQuerySchema } from "@/lib/public/lang-query";
import { getPublicStatus } from "@/lib/status/get-status-overview";
import { statusDocumentSchema, toStatusDocument } from "@/lib/status/status-document";

// Never prerendered: `next build` must not open the database.
export const dynamic = "force-dynamic";

export const GET = defineRoute({
  who: "public",
  query: langQuerySchema,
  headers: publicCorsHeaders,
  response: statusDocumentSchema,
  docs: { summary: "Overall status, active incidents and recovery per kind of data", tags: ["public"] },
  handle: async ({ query }) => publicJson(toStatusDocument(await getPublicStatus(query.lang))),
});

export const OPTIONS = publicOptionsRoute;
