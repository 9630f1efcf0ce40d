import { defineRoute } from "../http/define-route";
import { PUBLIC_CACHE_CONTROL } from "./response-cache";

/** CORS of every public machine answer, success or error: anyone may read. */
export const publicCorsHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Max-Age": "86400",
} as const;

/** Headers of every public machine answer: open CORS for reads, CDN-cacheable. */
export const publicApiHeaders = { ...publicCorsHeaders, "Cache-Control": PUBLIC_CACHE_CONTROL } as const;

export function publicJson(body: unknown): Response {
  return Response.json(body, { headers: publicApiHeaders });
}

/** OPTIONS of the public API (CORS preflight). */
export const publicOptionsRoute = defineRoute({
  who: "public",
  docs: { summary: "CORS preflight", tags: ["public"] },
  handle: async () => new Response(null, { status: 204, headers: publicApiHeaders }),
});
