import { defineRoute } from "@/lib/http/define-route";
import { publicCorsHeaders, publicJson, publicOptionsRoute } from "@/lib/public/http";
import { langQuerySchema } from "@/lib/public/lang-query";
import { getStatuspage } from "@/lib/statuspage/get-statuspage";
import { incidentsDocumentSchema } from "@/lib/statuspage/schemas";

// From the public snapshot, like /api/v1 (docs/readme/statuspage.md).
export const dynamic = "force-dynamic";

export const GET = defineRoute({
  who: "public",
  query: langQuerySchema,
  headers: publicCorsHeaders,
  response: incidentsDocumentSchema,
  docs: { summary: "Statuspage v2 incidents: the 50 most recent, resolved ones included", tags: ["statuspage"] },
  handle: async ({ query }) => publicJson((await getStatuspage(query.lang)).incidentsDocument("all")),
});

export const OPTIONS = publicOptionsRoute;
