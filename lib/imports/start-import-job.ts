import type { Actor } from "../audit/record-audit";
import { database } from "../db";
import { AppError } from "../errors";
import { importUploadSource } from "./create-import-job";
import { runImport } from "./run-import";

/**
 * Long imports run in the background of the web process: the upload (dry run) and the
 * commit start runImport and return at once; the page follows the import_job row.
 * If the process stops midway, the transaction rolls back and the job stays in its
 * last phase until restarted (the page shows how long it has not moved).
 */
const running = new Set<string>();

export function startImportInBackground(jobId: string, commit: boolean, actor: Actor): void {
  if (running.has(jobId)) throw new AppError("CONFLICT", "This import is already running.");
  running.add(jobId);
  void (async () => {
    const db = await database();
    try {
      await runImport(db, { jobId, source: importUploadSource(db, jobId), commit, actor });
    } catch (error) {
      console.error(`import ${jobId} failed:`, error);
      await db.prisma.importJob
        .update({ where: { id: jobId }, data: { status: "failed", finishedAt: new Date() } })
        .catch(() => {});
    } finally {
      running.delete(jobId);
    }
  })();
}

/** Commit a validated dry run with no rejected rows: claims the job, then starts it. */
export async function commitImportJob(jobId: string, actor: Actor): Promise<void> {
  const db = await database();
  const claimed = await db.prisma.importJob.updateMany({
    where: { id: jobId, status: "validated", dryRun: true, rowsRejected: 0 },
    data: { status: "applying", dryRun: false, finishedAt: null },
  });
  if (claimed.count !== 1) {
    throw new AppError("CONFLICT", "Only a dry run that finished without rejected rows can be committed (and only once).");
  }
  startImportInBackground(jobId, true, actor);
}
