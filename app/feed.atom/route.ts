import { defineRoute } from "@/lib/http/define-route";
import { publicApiHeaders, publicCorsHeaders } from "@/lib/public/http";
import { getFeedXml } from "@/lib/public/build-feeds";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  who: "public",
  headers: publicCorsHeaders,
  docs: { summary: "Incident updates and letters as Atom", tags: ["public"] },
  handle: async () =>
    new Response(await getFeedXml("atom"), {
      headers: { ...publicApiHeaders, "Content-Type": "application/atom+xml; charset=utf-8" },
    }),
});
