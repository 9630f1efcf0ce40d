import { z } from "zod";
import { database } from "@/lib/db";
import { rateLimitIp } from "@/lib/http/client-ip";
import { defineRoute } from "@/lib/http/define-route";
import { seeOther } from "@/lib/http/responses";
import { renewConfirmation } from "@/lib/subscribers/renew-confirmation";
import { localePath, pagePath, requestLocale } from "@/lib/i18n/routing";

/** The expired-link page's button: a new confirmation link to the same address, 303 -> /subscribe/sent. */
export const POST = defineRoute({
  who: { token: "token" },
  params: z.object({ token: z.string() }),
  query: z.object({ incident: z.string().max(200).optional() }),
  body: { form: z.object({}) },
  docs: { summary: "Send a new subscription confirmation link for an expired one", tags: ["customers"] },
  handle: async ({ request, params: { token }, query }) => {
    await renewConfirmation(await database(), token, query.incident || undefined, { ip: rateLimitIp(request.headers) });
    return seeOther(localePath(requestLocale(request), "/subscribe/sent"));
  },
  errors: (error, { request }) => {
    if (error.code !== "NOT_FOUND") return undefined;
    const url = new URL(request.url);
    const [locale, path] = [requestLocale(request), pagePath(url.pathname)];
    return seeOther(`${localePath(locale, path.replace(/\/renew$/, ""))}${url.search}`);
  },
});
