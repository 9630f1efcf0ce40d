import { z } from "zod";
import { database } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { seeOther } from "@/lib/http/responses";
import { revokeLookupLink, setUpdatesOptOut } from "@/lib/lookup/manage-account-link";
import { lookupTokenProblem } from "@/lib/lookup/resolve-lookup-token";

const pageOf = (token: string) => `/account/${encodeURIComponent(token)}`;

/** The private page's buttons: opt out of / back into updates, switch the link (or all of the account's) off; 303 back to the page. */
export const POST = defineRoute({
  who: { token: "token" },
  params: z.object({ token: z.string() }),
  body: { form: z.object({ action: z.enum(["opt-out", "opt-in", "revoke", "revoke-all"]) }) },
  docs: { summary: "Change a private link's settings", tags: ["customers"] },
  handle: async ({ params: { token }, body: { action } }) => {
    const { prisma } = await database();
    if (action === "opt-out" || action === "opt-in") await setUpdatesOptOut(prisma, token, action === "opt-out");
    else await revokeLookupLink(prisma, token, { allForAccount: action === "revoke-all" });
    return seeOther(pageOf(token));
  },
  // A link that no longer works: the page says why.
  errors: (error, { request }) => {
    if (!lookupTokenProblem(error)) return undefined;
    const token = decodeURIComponent(new URL(request.url).pathname.split("/")[2] ?? "");
    return seeOther(pageOf(token));
  },
});
