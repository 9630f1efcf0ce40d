import { checkHealth, healthSchema } from "@/lib/health/check-health";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/** 200 {status: "ok"} or 503 {status: "unavailable"}: nothing about why (that is in the server log). */
export const GET = defineRoute({
  who: "public",
  response: healthSchema,
  docs: { summary: "Liveness and database readiness", tags: ["health"] },
  handle: async () => {
    const health = await checkHealth();
    return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
  },
});
