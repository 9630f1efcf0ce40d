import { database } from "@/lib/db";
import { lookupAnswer, requestLookupLink } from "@/lib/lookup/request-lookup-link";
import { acceptFormRequest } from "@/lib/subscribers/accept-form-request";
import { lookupErrorResponse } from "./respond";

export const dynamic = "force-dynamic";

/**
 * POST /lookup/request (form or JSON {email, accountRef?}). Every accepted request gets
 * the same answer: 303 to /lookup/sent, or 202 JSON. 400 bad input, 413 too large,
 * 429 rate limited.
 */
export async function POST(request: Request): Promise<Response> {
  return acceptFormRequest(request, {
    run: async (fields, context) => requestLookupLink(await database(), { email: fields.email, accountRef: fields.accountRef }, context),
    answer: lookupAnswer,
    sentPath: "/lookup/sent",
    errorPage: lookupErrorResponse,
  });
}
