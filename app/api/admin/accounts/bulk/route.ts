import { stateChangeTooLargeHint, uploadStateChangeFile } from "@/lib/accounts/bulk-change-state-csv";
import { requireStaff, staffAuditActor } from "@/lib/auth/require-staff";
import { database } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { readUploadRequest } from "@/lib/imports/store-upload";

/**
 * Step 1 of a bulk state change by CSV file (/admin/accounts/bulk): POST multipart/form-data
 * with `file` and an optional `incidentId` (or the CSV as the body, ?name=&incidentId=). Stores and checks the file (a dry run), then
 * answers 303 -> the page showing the counts and the confirmation, or 201 with the report
 * as JSON when asked for JSON. A route handler, not a server action: a server action's body
 * limit is fixed at build time, the upload limit (IMPORT_MAX_BYTES) at start.
 */
export async function POST(request: Request): Promise<Response> {
  const wantsJson = (request.headers.get("accept") ?? "").includes("application/json");
  try {
    const staff = await requireStaff("accounts:write");
    const maxBytes = env().IMPORT_MAX_BYTES;
    const upload = await readUploadRequest(request, maxBytes, stateChangeTooLargeHint);
    const incidentId = upload.form ? upload.form.get("incidentId") : new URL(request.url).searchParams.get("incidentId");
    const checked = await uploadStateChangeFile(
      await database(),
      { fileName: upload.fileName, body: upload.body, maxBytes, incidentId: typeof incidentId === "string" && incidentId ? incidentId : undefined },
      await staffAuditActor(staff),
    );
    if (wantsJson) return Response.json(checked, { status: 201 });
    return seeOther(`/admin/accounts/bulk?${new URLSearchParams({ file: checked.id })}#file-check`);
  } catch (error) {
    // A person posting the form gets the page back with the message; a script gets the status.
    if (wantsJson || !(error instanceof AppError)) return errorResponse(error);
    return seeOther(`/admin/accounts/bulk?${new URLSearchParams({ fileError: error.message })}#by-file`);
  }
}

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}
