import { defineRoute } from "@/lib/http/define-route";
import { publicCorsHeaders, publicJson, publicOptionsRoute } from "@/lib/public/http";
import { incidentListSchema, listIncidents, listIncidentsQuerySchema } from "@/lib/public/list-incidents";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  who: "public",
  query: listIncidentsQuerySchema,
  headers: publicCorsHeaders,
  response: incidentListSchema,
  docs: { summary: "Published incidents, newest first, paged", tags: ["public"] },
  handle: async ({ query }) => publicJson(await listIncidents(query)),
});

export const OPTIONS = publicOptionsRoute;
