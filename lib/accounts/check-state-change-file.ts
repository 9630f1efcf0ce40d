import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../audit/record-audit";
import type { Database, Prisma } from "../db";
import { AppError } from "../errors";
import { resolveIncidentId } from "../imports/create-import-job";
import { storeUpload, uploadFileName, type UploadBody } from "../imports/store-upload";
import { previewStateChanges } from "../restores/apply-state-changes";
import { stateChangeChunks } from "./state-change-file";
import {
  ChangedLines,
  csvPath,
  loadStoredFile,
  removeExpiredUploads,
  removeUpload,
  saveUpload,
  stateChangeTooLargeHint,
  transactionOptions,
  type StateChangeReport,
  type StateChangeUpload,
} from "./state-change-uploads";

/** Step 1 of a state change by CSV file: store the file and check it (a dry run that writes nothing). */

/** The dry run: classifies every row by the SQL applyStateChanges uses, writing nothing. */
export async function checkStateChangeFile(db: Prisma, id: string, incidentId: string): Promise<{ report: StateChangeReport; sha256: string }> {
  return db.$transaction(async (tx) => {
    const loaded = await loadStoredFile(tx, id, incidentId);
    const report: StateChangeReport = {
      checkedAt: new Date().toISOString(),
      rowsRead: loaded.rowsRead,
      wouldChange: 0,
      wouldChangeDigest: "",
      unchanged: 0,
      rejected: loaded.rejected,
      errors: loaded.errors,
      unreadable: loaded.fileError !== null,
    };
    const changed = new ChangedLines();
    if (!loaded.fileError) {
      for await (const chunk of stateChangeChunks(tx, null)) {
        const { outcomes } = await previewStateChanges(tx, chunk.changes);
        changed.add(chunk.lines, outcomes);
        for (const outcome of outcomes) {
          if (outcome === "applied") report.wouldChange++;
          else if (outcome === "unchanged") report.unchanged++;
          else report.rejected++; // The loader's checks leave no unknown pair; only a concurrent delete could.
        }
      }
    }
    report.wouldChangeDigest = changed.digest();
    return { report, sha256: loaded.sha256 };
  }, transactionOptions);
}

export const uploadStateChangeFileSchema = z.object({
  fileName: z.string(),
  /** Default: the most recently started incident. */
  incidentId: z.uuid("Choose an incident.").optional(),
  maxBytes: z.number().int().positive(),
});
export type UploadStateChangeFileInput = z.input<typeof uploadStateChangeFileSchema> & { body: UploadBody };

/** Step 1: store the file and check it. Over maxBytes: PAYLOAD_TOO_LARGE naming the limit, nothing kept. */
export async function uploadStateChangeFile(db: Database, input: UploadStateChangeFileInput, uploadedBy: Actor): Promise<StateChangeUpload> {
  const result = uploadStateChangeFileSchema.safeParse(input);
  if (!result.success) throw new AppError("VALIDATION", result.error.issues[0]!.message);
  const parsed = result.data;
  const incidentId = await resolveIncidentId(db, parsed.incidentId);
  const incident = await db.prisma.incident.findUniqueOrThrow({ where: { id: incidentId }, select: { id: true, slug: true, title: true } });
  await removeExpiredUploads();
  const id = randomUUID();
  try {
    const { bytes } = await storeUpload(input.body, csvPath(id), parsed.maxBytes, stateChangeTooLargeHint);
    const { report, sha256 } = await checkStateChangeFile(db.prisma, id, incident.id);
    const upload: StateChangeUpload = {
      id,
      fileName: uploadFileName(parsed.fileName),
      bytes,
      sha256,
      incident,
      uploadedBy: uploadedBy.label,
      uploadedAt: new Date().toISOString(),
      report,
    };
    await saveUpload(upload);
    return upload;
  } catch (error) {
    await removeUpload(id);
    throw error;
  }
}

/** Checks a stored file again (after a refused confirmation) and keeps the fresh report. */
export async function recheckStateChangeFile(db: Prisma, upload: StateChangeUpload): Promise<void> {
  try {
    const { report, sha256 } = await checkStateChangeFile(db, upload.id, upload.incident.id);
    // Bytes that are not the checked ones are never offered again.
    if (sha256 !== upload.sha256) await removeUpload(upload.id);
    else await saveUpload({ ...upload, report });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return; // expired meanwhile
    throw error;
  }
}
