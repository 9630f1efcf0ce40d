import path from "node:path";
import type { Actor } from "../audit/record-audit";
import type { Database } from "../db";
import { resolveIncidentId } from "./create-import-job";
import { runImport, type ImportReport } from "./run-import";
import { fileSource } from "./upload-source";

/**
 * Imports a CSV file that is already on this machine (the CLI's path for files too big
 * to upload): the same job row, validation, report and one-transaction commit as the
 * upload, without a size limit. `incidentSlug` defaults to the most recent incident.
 */
export async function importFile(
  db: Database,
  input: { filePath: string; incidentSlug?: string | undefined; dryRun: boolean; actor: Actor },
  onStart?: (job: { id: string }) => void,
): Promise<ImportReport> {
  const incidentId = await resolveIncidentId(db, undefined, input.incidentSlug);
  const job = await db.prisma.importJob.create({
    data: { incidentId, fileName: path.basename(input.filePath), dryRun: input.dryRun },
    select: { id: true },
  });
  onStart?.(job);
  return runImport(db, { jobId: job.id, source: fileSource(input.filePath), commit: !input.dryRun, actor: input.actor });
}
