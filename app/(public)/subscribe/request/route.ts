import { database } from "@/lib/db";
import { acceptFormRequest } from "@/lib/subscribers/accept-form-request";
import { requestSubscription, subscribeAnswer } from "@/lib/subscribers/request-subscription";
import { subscribeErrorResponse } from "./respond";

export const dynamic = "force-dynamic";

/** POST /subscribe/request (form or JSON {email, incident?}): 303 to /subscribe/sent or 202 JSON; 400, 413, 429. */
export async function POST(request: Request): Promise<Response> {
  return acceptFormRequest(request, {
    run: async (fields, context) => requestSubscription(await database(), { email: fields.email, incident: fields.incident }, context),
    answer: subscribeAnswer,
    sentPath: "/subscribe/sent",
    errorPage: subscribeErrorResponse,
  });
}
