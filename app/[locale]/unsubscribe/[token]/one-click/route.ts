import { z } from "zod";
import { database } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { seeOther } from "@/lib/http/responses";
import { unsubscribe } from "@/lib/subscribers/unsubscribe";
import { localePath, requestLocale } from "@/lib/i18n/routing";

/**
 * RFC 8058 one-click: a POST with List-Unsubscribe=One-Click (urlencoded or multipart)
 * unsubscribes at once, no cookie, no second step: 200 text for a mail client, 303 to
 * the page for a browser (the page's button posts the same body). Mail clients POST to
 * /unsubscribe/<token> itself (the List-Unsubscribe address); proxy.ts rewrites that here.
 */
export const POST = defineRoute({
  who: { token: "token" },
  params: z.object({ token: z.string() }),
  body: { form: z.object({ "List-Unsubscribe": z.literal("One-Click", { error: "Expected the body List-Unsubscribe=One-Click." }) }) },
  docs: { summary: "One-click unsubscribe (RFC 8058)", tags: ["customers"] },
  handle: async ({ request, params: { token } }) => {
    await unsubscribe((await database()).prisma, token);
    if ((request.headers.get("accept") ?? "").includes("text/html")) return seeOther(localePath(requestLocale(request), `/unsubscribe/${encodeURIComponent(token)}?done=1`));
    return new Response("Unsubscribed.\n", { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  },
});
