import { database } from "@/lib/db";
import { lookupAnswer, requestLookupLink } from "@/lib/lookup/request-lookup-link";
import { clientIp } from "@/lib/subscribers/client-ip";
import { readFormBody } from "@/lib/subscribers/read-form-body";
import { jsonError, privatePageHeaders, seeOther, wantsJson } from "@/lib/subscribers/standalone-page";
import { lookupErrorResponse } from "./respond";

export const dynamic = "force-dynamic";

/**
 * POST /lookup/request (form or JSON {email, accountRef?}). Every accepted request gets
 * the same answer: 303 to /lookup/sent, or 202 JSON. 400 bad input, 413 too large,
 * 429 rate limited.
 */
export async function POST(request: Request): Promise<Response> {
  const json = wantsJson(request);
  let fields: Record<string, string> = {};
  try {
    fields = await readFormBody(request);
    await requestLookupLink(await database(), { email: fields.email, accountRef: fields.accountRef }, { ip: clientIp(request.headers) });
    if (json) return Response.json({ status: "accepted", message: lookupAnswer }, { status: 202, headers: privatePageHeaders });
    return seeOther("/lookup/sent");
  } catch (error) {
    return json ? jsonError(error) : lookupErrorResponse(error, fields);
  }
}
