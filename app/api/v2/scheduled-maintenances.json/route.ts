import { defineRoute } from "@/lib/http/define-route";
import { publicCorsHeaders, publicJson, publicOptionsRoute } from "@/lib/public/http";
import { langQuerySchema } from "@/lib/public/lang-query";
import { getStatuspage } from "@/lib/statuspage/get-statuspage";
import { scheduledMaintenancesDocumentSchema } from "@/lib/statuspage/schemas";

// From the public snapshot, like /api/v1 (docs/readme/statuspage.md).
export const dynamic = "force-dynamic";

export const GET = defineRoute({
  who: "public",
  query: langQuerySchema,
  headers: publicCorsHeaders,
  response: scheduledMaintenancesDocumentSchema,
  docs: { summary: "Statuspage v2 scheduled maintenances (the portal plans none: always empty)", tags: ["statuspage"] },
  handle: async ({ query }) => publicJson((await getStatuspage(query.lang)).scheduledMaintenancesDocument()),
});

export const OPTIONS = publicOptionsRoute;
