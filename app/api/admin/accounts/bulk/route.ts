import { uploadStateChangeFile } from "@/lib/accounts/state-change-file-job";
import { stateChangeTooLargeHint } from "@/lib/accounts/state-change-uploads";
import { database } from "@/lib/db";
import { env } from "@/lib/env";
import { defineRoute } from "@/lib/http/define-route";
import { seeOther, wantsJson } from "@/lib/http/responses";

/**
 * Step 1 of a bulk state change by CSV file (/admin/accounts/bulk): POST multipart/form-data
 * with an optional `incidentId` and then `file` (or the CSV as the body, ?name=&incidentId=).
 * Stores and checks the file (a dry run), then answers 303 -> the page showing the counts
 * and the confirmation, or 201 with the report as JSON when asked for JSON. A route
 * handler, not a server action: an action's body limit is fixed at build time, the upload
 * limit (IMPORT_MAX_BYTES) at start.
 */
export const POST = defineRoute({
  who: { staff: "accounts:write" },
  body: { upload: { maxBytes: () => env().IMPORT_MAX_BYTES, hint: stateChangeTooLargeHint } },
  status: 201,
  docs: { summary: "Upload a CSV of state changes and check it (dry run)", tags: ["console"] },
  handle: async ({ request, caller, body }) => {
    const incidentId = body.fields.incidentId || undefined;
    const checked = await uploadStateChangeFile(await database(), { fileName: body.fileName, body: body.file, maxBytes: body.maxBytes, incidentId }, caller.actor);
    if (wantsJson(request)) return Response.json(checked, { status: 201 });
    return seeOther(`/admin/accounts/bulk?${new URLSearchParams({ file: checked.id })}#file-check`);
  },
  // A person posting the form gets the page back with the message about the file; a
  // script, a refusal (401, 403) and a fault of ours (500) get the status.
  errors: (error, { request }) =>
    wantsJson(request) || ["INTERNAL", "UNAUTHENTICATED", "FORBIDDEN"].includes(error.code)
      ? undefined
      : seeOther(`/admin/accounts/bulk?${new URLSearchParams({ fileError: error.message })}#by-file`),
});
