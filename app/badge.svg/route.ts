import { badgeResponse } from "@/lib/embeds/embed-responses";
import { badgeQuerySchema } from "@/lib/embeds/get-embed-status";
import { defineRoute } from "@/lib/http/define-route";
import { publicCorsHeaders, publicOptionsRoute } from "@/lib/public/http";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  who: "public",
  query: badgeQuerySchema,
  headers: publicCorsHeaders,
  docs: { summary: "SVG badge: overall state and share of data restored (image/svg+xml)", tags: ["embed"] },
  handle: async ({ query }) => badgeResponse(query),
});

export const OPTIONS = publicOptionsRoute;
