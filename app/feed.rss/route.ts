import { defineRoute } from "@/lib/http/define-route";
import { publicApiHeaders, publicCorsHeaders } from "@/lib/public/http";
import { getFeedXml } from "@/lib/public/build-feeds";
import { langQuerySchema } from "@/lib/public/lang-query";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  who: "public",
  query: langQuerySchema,
  headers: publicCorsHeaders,
  docs: { summary: "Incident updates and letters as RSS", tags: ["public"] },
  handle: async ({ query }) =>
    new Response(await getFeedXml("rss", query.lang), {
      headers: { ...publicApiHeaders, "Content-Type": "application/rss+xml; charset=utf-8" },
    }),
});
