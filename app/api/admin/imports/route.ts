import { requireStaff, staffAuditActor } from "@/lib/auth/require-staff";
import { database } from "@/lib/db";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/errors";
import { createImportJob, importTooLargeHint } from "@/lib/imports/create-import-job";
import { startImportInBackground } from "@/lib/imports/start-import-job";
import { readUploadRequest } from "@/lib/imports/store-upload";

/**
 * POST multipart/form-data with a `file` field (the upload form on /admin/imports), or
 * the CSV itself as the body (text/csv, with ?name=file.csv) for scripts. Stores the
 * file, starts its dry run in the background and answers 303 -> the job's page (or 202
 * with the job id as JSON when asked for JSON). Over IMPORT_MAX_BYTES: 413 naming it.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const staff = await requireStaff("imports:write");
    const maxBytes = env().IMPORT_MAX_BYTES;
    const upload = await readUploadRequest(request, maxBytes, importTooLargeHint);
    const db = await database();
    const created = await createImportJob(db, { fileName: upload.fileName, body: upload.body, maxBytes, createdById: staff.id });
    startImportInBackground(created.id, false, await staffAuditActor(staff));
    if ((request.headers.get("accept") ?? "").includes("application/json")) {
      return Response.json({ id: created.id, url: `/admin/imports/${created.id}` }, { status: 202 });
    }
    return new Response(null, { status: 303, headers: { location: `/admin/imports/${created.id}` } });
  } catch (error) {
    return errorResponse(error);
  }
}
