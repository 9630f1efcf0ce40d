import { randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Database } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { formatBytes } from "./format-bytes";

/**
 * Stores an uploaded CSV under DATA_DIR/imports/<job id>.csv (streamed, never held in
 * memory) and creates its import_job row. The file is kept so that the dry run and
 * the commit read exactly the same bytes.
 */
export function importFilePath(jobId: string): string {
  return path.resolve(env().DATA_DIR, "imports", `${jobId}.csv`);
}

export interface CreateImportJobInput {
  fileName: string;
  body: ReadableStream<Uint8Array> | Readable;
  maxBytes: number;
  /** Default: the most recently started incident. */
  incidentId?: string;
  createdById?: string | null;
}

export async function resolveIncidentId(db: Database, incidentId?: string, slug?: string): Promise<string> {
  const incident = await db.prisma.incident.findFirst({
    where: incidentId ? { id: incidentId } : slug ? { slug } : {},
    orderBy: { startedAt: "desc" },
    select: { id: true },
  });
  if (!incident) throw new AppError("NOT_FOUND", slug || incidentId ? "No such incident." : "Create an incident before importing accounts.");
  return incident.id;
}

export async function createImportJob(db: Database, input: CreateImportJobInput): Promise<{ id: string; filePath: string }> {
  const incidentId = await resolveIncidentId(db, input.incidentId);
  const id = randomUUID();
  const filePath = importFilePath(id);
  mkdirSync(path.dirname(filePath), { recursive: true });
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      bytes += chunk.length;
      if (bytes > input.maxBytes) {
        callback(new AppError("PAYLOAD_TOO_LARGE", `The file is larger than the upload limit of ${formatBytes(input.maxBytes)} (IMPORT_MAX_BYTES). Use the CLI for larger files: npm run cli -- import FILE.`));
        return;
      }
      callback(null, chunk);
    },
  });
  const source = input.body instanceof Readable ? input.body : Readable.fromWeb(input.body as import("node:stream/web").ReadableStream<Uint8Array>);
  try {
    await pipeline(source, limit, createWriteStream(filePath));
  } catch (error) {
    await rm(filePath, { force: true });
    throw error;
  }
  const fileName = path.basename(input.fileName || "upload.csv").slice(0, 200);
  await db.prisma.importJob.create({
    data: { id, incidentId, fileName, createdById: input.createdById ?? null, dryRun: true, progress: { fileBytes: bytes } },
  });
  return { id, filePath };
}
