import type { Actor } from "../audit/record-audit";
import { database } from "../db";
import { AppError } from "../errors";
import { requestImportRun, runNextImportJob } from "./import-job-runner";

/**
 * Long imports run in the background: the upload (dry run) and the commit record the run
 * they want on the import_job row and this instance claims it at once; the page follows
 * the row. If this process stops midway, the transaction rolls back and, once the lease
 * runs out, another instance (or this one restarted) takes the run over
 * (lib/imports/import-job-runner.ts).
 */
export function startImportInBackground(jobId: string, commit: boolean, actor: Actor): void {
  void (async () => {
    const db = await database();
    await requestImportRun(db, jobId, commit ? "commit" : "validate", actor);
    await runNextImportJob(db, { jobId });
  })().catch((error: unknown) => console.error(`import ${jobId} could not start:`, error));
}

/** Commit a validated dry run with no rejected rows: claims the job, then starts it. */
export async function commitImportJob(jobId: string, actor: Actor): Promise<void> {
  const db = await database();
  const claimed = await db.prisma.importJob.updateMany({
    where: { id: jobId, status: "validated", dryRun: true, rowsRejected: 0, runWanted: null },
    data: { status: "applying", dryRun: false, finishedAt: null },
  });
  if (claimed.count !== 1) {
    throw new AppError("CONFLICT", "Only a dry run that finished without rejected rows can be committed (and only once).");
  }
  startImportInBackground(jobId, true, actor);
}
