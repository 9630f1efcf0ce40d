import { requireStaff, staffAuditActor } from "@/lib/auth/require-staff";
import { database } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { createImportJob } from "@/lib/imports/create-import-job";
import { formatBytes } from "@/lib/imports/format-bytes";
import { startImportInBackground } from "@/lib/imports/start-import-job";

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
    const tooLarge = () =>
      new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the upload limit of ${formatBytes(maxBytes)} (IMPORT_MAX_BYTES). Use the CLI for larger files: npm run cli -- import FILE.`, {
        limitBytes: maxBytes,
      });
    const declared = Number(request.headers.get("content-length") ?? "0");
    // Multipart framing adds a little; anything beyond that is refused before reading.
    if (declared > maxBytes + 64 * 1024) throw tooLarge();

    const db = await database();
    const contentType = request.headers.get("content-type") ?? "";
    let created;
    if (contentType.startsWith("multipart/form-data")) {
      const form = await request.formData();
      const file = form.get("file");
      if (!(file instanceof File) || file.size === 0 && file.name === "") throw new AppError("VALIDATION", "Choose a CSV file to upload.");
      if (file.size > maxBytes) throw tooLarge();
      created = await createImportJob(db, { fileName: file.name, body: file.stream(), maxBytes, createdById: staff.id });
    } else {
      if (!request.body) throw new AppError("VALIDATION", "Send the CSV file as the request body.");
      const name = new URL(request.url).searchParams.get("name") ?? "upload.csv";
      created = await createImportJob(db, { fileName: name, body: request.body, maxBytes, createdById: staff.id });
    }
    startImportInBackground(created.id, false, await staffAuditActor(staff));
    if ((request.headers.get("accept") ?? "").includes("application/json")) {
      return Response.json({ id: created.id, url: `/admin/imports/${created.id}` }, { status: 202 });
    }
    return new Response(null, { status: 303, headers: { location: `/admin/imports/${created.id}` } });
  } catch (error) {
    return errorResponse(error);
  }
}
