import { rateLimitIp } from "../http/client-ip";
import { readFormBody } from "./read-form-body";
import { jsonError, privatePageHeaders, seeOther, wantsJson } from "./standalone-page";

/**
 * The shape of a public request form's POST (/lookup/request, /subscribe/request): read
 * the form or JSON body, run the use case with the client's IP, then answer 303 to the
 * "sent" page (or 202 JSON with the same message for every accepted request); an error
 * becomes JSON or the form's own page with its fields kept.
 */
export async function acceptFormRequest(
  request: Request,
  handle: {
    run: (fields: Record<string, string>, context: { ip: string }) => Promise<unknown>;
    answer: string;
    sentPath: string;
    errorPage: (error: unknown, fields: Record<string, string>) => Response | Promise<Response>;
  },
): Promise<Response> {
  const json = wantsJson(request);
  let fields: Record<string, string> = {};
  try {
    fields = await readFormBody(request);
    await handle.run(fields, { ip: rateLimitIp(request.headers) });
    if (json) return Response.json({ status: "accepted", message: handle.answer }, { status: 202, headers: privatePageHeaders });
    return seeOther(handle.sentPath);
  } catch (error) {
    return json ? jsonError(error) : handle.errorPage(error, fields);
  }
}
