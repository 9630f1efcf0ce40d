import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Database } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { uploadFileName, type UploadBody } from "./store-upload";
import { storeUploadFor, uploadSourceFor, type UploadSource } from "./upload-source";

/**
 * Stores an uploaded CSV (streamed, never held in memory) and creates its import_job
 * row: on PostgreSQL in the database (upload_chunk, readable by every instance), on the
 * embedded database under DATA_DIR/imports/<job id>.csv. It is kept so that the dry run
 * and the commit read exactly the same bytes.
 */
export function importFilePath(jobId: string): string {
  return path.resolve(env().DATA_DIR, "imports", `${jobId}.csv`);
}

/** Where an uploaded import's bytes are, for whichever instance runs it. */
export function importUploadSource(db: Pick<Database, "driver">, jobId: string): UploadSource {
  return uploadSourceFor(db, jobId, importFilePath(jobId));
}

/** What the upload limit's 413 tells an importer to do instead. */
export const importTooLargeHint = "Use the CLI for larger files: npm run cli -- import FILE.";

export interface CreateImportJobInput {
  fileName: string;
  body: UploadBody;
  maxBytes: number;
  /** Default: the most recently started incident. */
  incidentId?: string;
  createdById?: string | null;
}

export async function resolveIncidentId(db: Pick<Database, "prisma">, incidentId?: string, slug?: string): Promise<string> {
  const incident = await db.prisma.incident.findFirst({
    where: incidentId ? { id: incidentId } : slug ? { slug } : {},
    orderBy: { startedAt: "desc" },
    select: { id: true },
  });
  if (!incident) throw new AppError("NOT_FOUND", slug || incidentId ? "No such incident." : "Create an incident before importing accounts.");
  return incident.id;
}

export async function createImportJob(db: Database, input: CreateImportJobInput): Promise<{ id: string }> {
  const incidentId = await resolveIncidentId(db, input.incidentId);
  const id = randomUUID();
  const { bytes } = await storeUploadFor(db, id, importFilePath(id), input.body, input.maxBytes, importTooLargeHint);
  await db.prisma.importJob.create({
    data: { id, incidentId, fileName: uploadFileName(input.fileName), createdById: input.createdById ?? null, dryRun: true, progress: { fileBytes: bytes } },
  });
  return { id };
}
