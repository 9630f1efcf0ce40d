import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../audit/record-audit";
import type { Database } from "../db";
import { AppError } from "../errors";
import { toAppError } from "../http/map-error";
import { resolveIncidentId } from "../imports/create-import-job";
import { uploadFileName, type UploadBody } from "../imports/store-upload";
import { storeUploadFor } from "../imports/upload-source";
import { createJob, finishJob, getJob, requestJobRun, runNextJob, type JobHandler, type JobOutcome } from "../jobs/background-jobs";
import { checkStateChangeFile } from "./check-state-change-file";
import { applyStateChangeFile, confirmStateChangeFileSchema, type ConfirmStateChangeFileInput, type ConfirmStateChangeFileResult } from "./confirm-state-change-file";
import {
  csvPath,
  getStateChangeUpload,
  removeExpiredUploads,
  removeUpload,
  saveUpload,
  stateChangeKind,
  stateChangeTooLargeHint,
  type StateChangeUpload,
  type StoredStateChangeUpload,
} from "./state-change-uploads";

/**
 * A bulk state change file as a background job (lib/jobs/background-jobs.ts): its
 * check is the job's first run ("check"), its confirmation the second ("confirm"). The
 * instance that received the request claims the run at once and answers when it is done;
 * if it dies midway, the run's transaction rolls back and another instance takes it over
 * once the lease runs out (the bulk page says so). What a run does is
 * check-state-change-file.ts and confirm-state-change-file.ts; this file is the wrapper.
 */
export const stateChangeFileHandler: JobHandler = {
  async run(db, run) {
    const stored = await getStateChangeUpload(db, run.id);
    const { job: _job, ...upload } = stored;
    if (run.wanted === "check") {
      const { report, sha256 } = await checkStateChangeFile(db, upload.id, upload.incident.id);
      await saveUpload(db.prisma, { ...upload, sha256, report });
      await finishJob(db.prisma, run.id, "checked", { status: "done", message: "checked" });
      return;
    }
    const options = confirmStateChangeFileSchema.parse(run.input);
    try {
      await applyStateChangeFile(db, upload, options, run.actor);
      await removeUpload(db, upload.id);
    } catch (error) {
      const refused = toAppError(error);
      if (refused.code === "UNAVAILABLE" || refused.code === "INTERNAL") throw error;
      const applied = (refused.details as { applied?: boolean } | undefined)?.applied === true;
      const outcome: JobOutcome = { status: "refused", code: refused.code, message: refused.message, details: refused.details };
      // A tampered file was discarded by the re-check: it stays so (never offered again).
      await db.prisma.backgroundJob.updateMany({
        where: { id: run.id, status: { not: "discarded" } },
        data: { status: applied ? "applied" : "checked", outcome: outcome as object, finishedAt: new Date() },
      });
      await db.prisma.backgroundJob.updateMany({ where: { id: run.id, status: "discarded" }, data: { outcome: outcome as object, finishedAt: new Date() } });
    }
  },
};

const handlers = { [stateChangeKind]: stateChangeFileHandler };

export const uploadStateChangeFileSchema = z.object({
  fileName: z.string(),
  /** Default: the most recently started incident. */
  incidentId: z.uuid("Choose an incident.").optional(),
  maxBytes: z.number().int().positive(),
});
export type UploadStateChangeFileInput = z.input<typeof uploadStateChangeFileSchema> & { body: UploadBody };

/** The run just asked for, done here; or CONFLICT when another instance holds it. */
async function runHere(db: Database, id: string): Promise<{ status: string; outcome: JobOutcome | null; data: StateChangeUpload }> {
  if (!(await runNextJob(db, handlers, { jobId: id }))) {
    throw new AppError("CONFLICT", "This file is being worked on by another instance right now: reload this page in a moment.");
  }
  const job = await getJob(db.prisma, id);
  if (!job) throw new AppError("NOT_FOUND", "This file is no longer here. Upload it again.");
  return { status: job.status, outcome: job.outcome, data: job.data as StateChangeUpload };
}

/** Step 1: store the file and check it. Over maxBytes: PAYLOAD_TOO_LARGE naming the limit, nothing kept. */
export async function uploadStateChangeFile(db: Database, input: UploadStateChangeFileInput, uploadedBy: Actor): Promise<StoredStateChangeUpload> {
  const result = uploadStateChangeFileSchema.safeParse(input);
  if (!result.success) throw new AppError("VALIDATION", result.error.issues[0]!.message);
  const parsed = result.data;
  const incidentId = await resolveIncidentId(db, parsed.incidentId);
  const incident = await db.prisma.incident.findUniqueOrThrow({ where: { id: incidentId }, select: { id: true, slug: true, title: true } });
  await removeExpiredUploads(db);
  const id = randomUUID();
  try {
    const { bytes } = await storeUploadFor(db, id, csvPath(id), input.body, parsed.maxBytes, stateChangeTooLargeHint);
    const upload: StateChangeUpload = {
      id,
      fileName: uploadFileName(parsed.fileName),
      bytes,
      sha256: "",
      incident,
      uploadedBy: uploadedBy.label,
      uploadedAt: new Date().toISOString(),
      report: { checkedAt: "", rowsRead: 0, wouldChange: 0, wouldChangeDigest: "", unchanged: 0, rejected: 0, errors: [], unreadable: false },
    };
    await createJob(db.prisma, stateChangeKind, upload, { wanted: "check", actor: uploadedBy }, id);
    const checked = await runHere(db, id);
    if (checked.status !== "checked") throw new AppError("INTERNAL", checked.outcome?.message ?? "The check did not finish.");
    return getStateChangeUpload(db, id);
  } catch (error) {
    await removeUpload(db, id, { withJob: true }).catch(() => {});
    throw error;
  }
}

/**
 * Step 2: apply the checked file (the job's "confirm" run, done here at once). The
 * result, or the refusal (CONFLICT: the file's effect changed, it was applied already,
 * another instance is applying it) as the error.
 */
export async function confirmStateChangeFile(db: Database, input: ConfirmStateChangeFileInput, actor: Actor): Promise<ConfirmStateChangeFileResult> {
  const c = confirmStateChangeFileSchema.parse(input);
  const upload = await getStateChangeUpload(db, c.uploadId);
  if (upload.job.running) {
    throw new AppError("CONFLICT", "This file is being applied right now: reload this page in a moment to see the result.");
  }
  if (upload.job.status === "applied") {
    throw new AppError("CONFLICT", `This file was applied already${upload.job.finishedAt ? ` at ${upload.job.finishedAt.toISOString()}` : ""}. Nothing more was changed.`, { applied: true });
  }
  await requestJobRun(db, upload.id, "confirm", c, actor);
  const done = await runHere(db, upload.id);
  const outcome = done.outcome;
  if (outcome?.status === "done" && done.status === "applied") {
    return { fileName: done.data.fileName, applied: Number(outcome.applied), unchanged: Number(outcome.unchanged), emailsQueued: Number(outcome.emailsQueued) };
  }
  const code = outcome?.status === "refused" && typeof outcome.code === "string" ? (outcome.code as AppError["code"]) : "INTERNAL";
  throw new AppError(code, outcome?.message ?? "The confirmation did not finish.", outcome?.details);
}
