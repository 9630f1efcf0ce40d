import { widgetResponse } from "@/lib/embeds/embed-responses";
import { embedQuerySchema } from "@/lib/embeds/get-embed-status";
import { defineRoute } from "@/lib/http/define-route";

// A small page for an <iframe> on another site, with no script (next.config.ts lets any site frame it).
export const dynamic = "force-dynamic";

export const GET = defineRoute({
  who: "public",
  query: embedQuerySchema,
  docs: { summary: "Embeddable status widget (text/html, no script)", tags: ["embed"] },
  handle: async ({ query }) => widgetResponse(query),
});
