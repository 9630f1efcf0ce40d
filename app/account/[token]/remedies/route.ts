import { z } from "zod";
import { database } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { seeOther } from "@/lib/http/responses";
import { lookupTokenProblem } from "@/lib/lookup/resolve-lookup-token";
import { claimRemedy, type ClaimRemedyInput } from "@/lib/remedies/claim-remedy";

const pageOf = (token: string, query = "") => `/account/${encodeURIComponent(token)}${query}`;

/**
 * "Accept this offer" on the private page: claims a remedy the account qualifies for,
 * 303 back to the page, which shows the claim's reference. The use case checks the
 * token, the rule and the rate limit.
 */
export const POST = defineRoute({
  who: { token: "token" },
  params: z.object({ token: z.string() }),
  body: { form: z.looseObject({}), maxBytes: 4 * 1024 },
  docs: { summary: "Accept a remedy from a private link", tags: ["customers"] },
  handle: async ({ params: { token }, body, caller }) => {
    const { ruleId } = await claimRemedy(await database(), token, body as ClaimRemedyInput, { ip: caller.ip });
    return seeOther(pageOf(token, `?claimed=${ruleId}#remedy-${ruleId}`));
  },
  errors: (error, { request }) => {
    const token = decodeURIComponent(new URL(request.url).pathname.split("/")[2] ?? "");
    // A link that no longer works: the page says why and offers a new one.
    if (lookupTokenProblem(error)) return seeOther(pageOf(token));
    return seeOther(pageOf(token, `?${new URLSearchParams({ claimError: error.code })}#remedies`));
  },
});
