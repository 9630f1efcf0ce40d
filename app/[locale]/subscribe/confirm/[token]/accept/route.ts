import { z } from "zod";
import { database } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { seeOther } from "@/lib/http/responses";
import { confirmSubscription } from "@/lib/subscribers/confirm-subscription";
import { localePath, pagePath, requestLocale } from "@/lib/i18n/routing";

/** The confirm page's button: confirms, uses up the token, 303 -> /subscribe/confirmed. A link no longer valid: back to its page (404 there). */
export const POST = defineRoute({
  who: { token: "token" },
  params: z.object({ token: z.string() }),
  query: z.object({ incident: z.string().max(200).optional() }),
  body: { form: z.object({}) },
  docs: { summary: "Confirm a subscription (double opt-in)", tags: ["customers"] },
  handle: async ({ request, params: { token }, query }) => {
    // Confirmed in the language of the page the email linked to: their emails' language from now on.
    const done = await confirmSubscription((await database()).prisma, token, query.incident || undefined, new Date(), requestLocale(request));
    return seeOther(`${localePath(requestLocale(request), "/subscribe/confirmed")}${done.incident ? `?${new URLSearchParams({ incident: done.incident.slug })}` : ""}`);
  },
  errors: (error, { request }) => {
    // Unknown, used or expired: back to the link's page, which says which and offers a new one.
    if (error.code !== "NOT_FOUND" && error.code !== "GONE") return undefined;
    const url = new URL(request.url);
    const [locale, path] = [requestLocale(request), pagePath(url.pathname)];
    return seeOther(`${localePath(locale, path.replace(/\/accept$/, ""))}${url.search}`);
  },
});
