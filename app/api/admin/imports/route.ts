import { database } from "@/lib/db";
import { env } from "@/lib/env";
import { defineRoute } from "@/lib/http/define-route";
import { seeOther, wantsJson } from "@/lib/http/responses";
import { createImportJob, importTooLargeHint } from "@/lib/imports/create-import-job";
import { startImportInBackground } from "@/lib/imports/start-import-job";

/**
 * POST multipart/form-data with a `file` field (the upload form on /admin/imports), or
 * the CSV itself as the body (text/csv, with ?name=file.csv) for scripts. Stores the
 * file, starts its dry run in the background and answers 303 -> the job's page (or 202
 * with the job id as JSON when asked for JSON). Over IMPORT_MAX_BYTES: 413 naming it.
 * A route handler, not a server action: an action's body limit is fixed at build time.
 */
export const POST = defineRoute({
  who: { staff: "imports:write" },
  body: { upload: { maxBytes: () => env().IMPORT_MAX_BYTES, hint: importTooLargeHint } },
  docs: { summary: "Upload a CSV of affected accounts and start its dry run", tags: ["console"] },
  handle: async ({ request, caller, body }) => {
    const created = await createImportJob(await database(), { fileName: body.fileName, body: body.file, maxBytes: body.maxBytes, createdById: caller.staff.id });
    startImportInBackground(created.id, false, caller.actor);
    if (wantsJson(request)) return Response.json({ id: created.id, url: `/admin/imports/${created.id}` }, { status: 202 });
    return seeOther(`/admin/imports/${created.id}`);
  },
});
