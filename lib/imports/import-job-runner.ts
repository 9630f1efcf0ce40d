import type { Actor } from "../audit/record-audit";
import type { Database } from "../db";
import { env } from "../env";
import { toAppError } from "../http/map-error";
import { maxRunAttempts, requestRun, runNext, runnerId, startSweeper } from "../jobs/leased-runs";
import { importUploadSource } from "./create-import-job";
import { runImport } from "./run-import";

/**
 * Import runs (the dry run after an upload, the commit) are runs of import_job rows
 * claimed under a lease by whichever instance gets there first (lib/jobs/leased-runs.ts).
 * The instance that received the request claims it at once; if it dies, its transaction
 * rolls back (nothing half-applied) and another instance's sweeper takes the run over
 * and does it again from the start. After maxRunAttempts claims the job is failed, saying so.
 * docs/decisions/039-import-jobs-claimed-with-leases.md
 */
export type RunKind = "validate" | "commit";
export { maxRunAttempts } from "../jobs/leased-runs";

const importJobs = { table: "import_job" };

export function importRunnerId(): string {
  return `import-${runnerId()}`;
}

/** Asks for a run; any instance may do it. */
export async function requestImportRun(db: Database, jobId: string, kind: RunKind, actor: Actor): Promise<void> {
  await requestRun(db.driver, importJobs, jobId, kind, actor);
}

/** Claims one wanted run (this job only, when given) and runs it; false when there was none free. */
export async function runNextImportJob(db: Database, options: { jobId?: string; runner?: string; leaseSeconds?: number } = {}): Promise<boolean> {
  return runNext(
    db.driver,
    importJobs,
    { jobId: options.jobId, runner: options.runner ?? importRunnerId(), leaseSeconds: options.leaseSeconds ?? env().IMPORT_LEASE_SECONDS },
    {
      run: async (claim) => {
        const actor = (claim.run_actor as Actor | null) ?? { type: "system" as const, id: null, label: "import runner" };
        await runImport(db, { jobId: claim.id, source: importUploadSource(db, claim.id), commit: claim.run_wanted === "commit", actor });
      },
      giveUp: async (_claim, release) => {
        await release(
          `, "status" = 'failed', "finished_at" = now(), "errors" = '[{"line":0,"reason":"The instance running this import stopped ${maxRunAttempts} times; nothing was applied. Upload the file again."}]'::jsonb`,
        );
      },
      failed: async (claim, error) => {
        // The database went away (a restart, a failover): the transaction rolled back; the
        // run stays wanted and is done again from the start by whichever instance claims it.
        if (toAppError(error).code === "UNAVAILABLE") return "retry";
        await db.prisma.importJob.update({ where: { id: claim.id }, data: { status: "failed", finishedAt: new Date() } });
      },
    },
  );
}

/** Every web instance looks for import runs nobody holds (a dead instance's) every intervalMs. */
export function startImportJobSweeper(db: Database, options: { intervalMs?: number } = {}): () => void {
  return startSweeper("import", () => runNextImportJob(db), options.intervalMs);
}
