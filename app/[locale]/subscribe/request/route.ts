import { database } from "@/lib/db";
import { rateLimitIp } from "@/lib/http/client-ip";
import { defineRoute } from "@/lib/http/define-route";
import { formErrorRedirect } from "@/lib/http/form-error";
import { privateHeaders, seeOther, wantsJson } from "@/lib/http/responses";
import { requestSubscription, subscribeAnswer, subscribeRequestSchema } from "@/lib/subscribers/request-subscription";
import { localePath, requestLocale } from "@/lib/i18n/routing";

export const dynamic = "force-dynamic";

/** POST /subscribe/request (form or JSON {email, incident?}): 303 to /subscribe/sent or 202 JSON; 400, 413, 429 (a browser: back to /subscribe?error=...). */
export const POST = defineRoute({
  who: "public",
  body: { form: subscribeRequestSchema },
  headers: privateHeaders,
  docs: { summary: "Subscribe an address to incident updates (double opt-in)", tags: ["customers"] },
  handle: async ({ request, body }) => {
    await requestSubscription(await database(), body, { ip: rateLimitIp(request.headers) });
    if (wantsJson(request)) return Response.json({ status: "accepted", message: subscribeAnswer }, { status: 202 });
    return seeOther(localePath(requestLocale(request), "/subscribe/sent"));
  },
  errors: (error, { request, fields }) =>
    wantsJson(request) ? undefined : formErrorRedirect(request, error, localePath(requestLocale(request), "/subscribe"), fields.incident ? { incident: fields.incident.slice(0, 200) } : {}),
});
