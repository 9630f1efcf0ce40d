import { database } from "@/lib/db";
import { rateLimitIp } from "@/lib/http/client-ip";
import { defineRoute } from "@/lib/http/define-route";
import { formErrorRedirect } from "@/lib/http/form-error";
import { privateHeaders, seeOther, wantsJson } from "@/lib/http/responses";
import { lookupAnswer, lookupRequestSchema, requestLookupLink } from "@/lib/lookup/request-lookup-link";
import { localePath, requestLocale } from "@/lib/i18n/routing";

export const dynamic = "force-dynamic";

/**
 * POST /lookup/request (form or JSON {email, accountRef?}). Every accepted request gets
 * the same answer: 303 to /lookup/sent, or 202 JSON. 400 bad input, 413 too large,
 * 429 rate limited; a browser is sent back to /lookup?error=... instead.
 */
export const POST = defineRoute({
  who: "public",
  body: { form: lookupRequestSchema },
  headers: privateHeaders,
  docs: { summary: "Email a private status link to every account with this address", tags: ["customers"] },
  handle: async ({ request, body }) => {
    await requestLookupLink(await database(), body, { ip: rateLimitIp(request.headers) });
    if (wantsJson(request)) return Response.json({ status: "accepted", message: lookupAnswer }, { status: 202 });
    return seeOther(localePath(requestLocale(request), "/lookup/sent"));
  },
  errors: (error, { request }) => (wantsJson(request) ? undefined : formErrorRedirect(request, error, localePath(requestLocale(request), "/lookup"))),
});
