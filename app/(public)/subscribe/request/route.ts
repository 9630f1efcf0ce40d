import { database } from "@/lib/db";
import { clientIp } from "@/lib/subscribers/client-ip";
import { readFormBody } from "@/lib/subscribers/read-form-body";
import { requestSubscription, subscribeAnswer } from "@/lib/subscribers/request-subscription";
import { jsonError, privatePageHeaders, seeOther, wantsJson } from "@/lib/subscribers/standalone-page";
import { subscribeErrorResponse } from "./respond";

export const dynamic = "force-dynamic";

/** POST /subscribe/request (form or JSON {email, incident?}): 303 to /subscribe/sent or 202 JSON; 400, 413, 429. */
export async function POST(request: Request): Promise<Response> {
  const json = wantsJson(request);
  let fields: Record<string, string> = {};
  try {
    fields = await readFormBody(request);
    await requestSubscription(await database(), { email: fields.email, incident: fields.incident }, { ip: clientIp(request.headers) });
    if (json) return Response.json({ status: "accepted", message: subscribeAnswer }, { status: 202, headers: privatePageHeaders });
    return seeOther("/subscribe/sent");
  } catch (error) {
    return json ? jsonError(error) : subscribeErrorResponse(error, fields);
  }
}
