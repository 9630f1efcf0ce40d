import { randomUUID } from "node:crypto";
import type { Actor } from "../audit/record-audit";
import type { Database } from "../db";
import { env } from "../env";
import { importUploadSource } from "./create-import-job";
import { runImport } from "./run-import";

/**
 * Import runs (the dry run after an upload, the commit) are jobs in import_job, claimed
 * by whichever instance gets there first, like mail (FOR UPDATE SKIP LOCKED under a
 * lease, the `= ANY(ARRAY(...))` shape of lib/outbox/outbox-sql.ts, decision 012). The
 * instance that received the request claims it at once; while it runs it renews the
 * lease. If that instance dies, its transaction rolls back (nothing half-applied) and the
 * lease runs out: another instance's sweeper takes the job over and runs it again from
 * the start. After maxRunAttempts takeovers the job is failed, saying so.
 * docs/decisions/039-import-jobs-claimed-with-leases.md
 */
export type RunKind = "validate" | "commit";
export const maxRunAttempts = 3;

const key = Symbol.for("recovery-portal.import-runner-id");
export function importRunnerId(): string {
  const g = globalThis as typeof globalThis & { [key]?: string };
  g[key] ??= `import-${process.pid}-${randomUUID().slice(0, 8)}`;
  return g[key];
}

interface Claim {
  id: string;
  run_wanted: RunKind;
  run_actor: Actor | null;
  run_attempts: number;
}

const claimSql = `
  UPDATE "import_job" SET "locked_by" = $1, "locked_until" = now() + make_interval(secs => $2::int), "run_attempts" = "run_attempts" + 1
   WHERE "id" = ANY(ARRAY(
     SELECT "id" FROM "import_job"
      WHERE "run_wanted" IS NOT NULL AND ("locked_until" IS NULL OR "locked_until" < now())
        AND ($3::uuid IS NULL OR "id" = $3::uuid)
      ORDER BY "created_at" LIMIT 1 FOR UPDATE SKIP LOCKED))
  RETURNING "id", "run_wanted", "run_actor", "run_attempts"`;

/** Asks for a run; any instance may do it. */
export async function requestImportRun(db: Database, jobId: string, kind: RunKind, actor: Actor): Promise<void> {
  await db.driver.query(`UPDATE "import_job" SET "run_wanted" = $2, "run_actor" = $3::jsonb, "run_attempts" = 0 WHERE "id" = $1`, [jobId, kind, JSON.stringify(actor)]);
}

/** Claims one wanted run (this job only, when given) and runs it; false when there was none free. */
export async function runNextImportJob(db: Database, options: { jobId?: string; runner?: string; leaseSeconds?: number } = {}): Promise<boolean> {
  const runner = options.runner ?? importRunnerId();
  const lease = options.leaseSeconds ?? env().IMPORT_LEASE_SECONDS;
  const [claim] = await db.driver.query<Claim>(claimSql, [runner, lease, options.jobId ?? null]);
  if (!claim) return false;
  const release = (extra = "") =>
    db.driver.query(`UPDATE "import_job" SET "run_wanted" = NULL, "locked_by" = NULL, "locked_until" = NULL${extra} WHERE "id" = $1 AND "locked_by" = $2`, [claim.id, runner]);
  if (claim.run_attempts > maxRunAttempts) {
    await release(`, "status" = 'failed', "finished_at" = now(), "errors" = '[{"line":0,"reason":"The instance running this import stopped ${maxRunAttempts} times; nothing was applied. Upload the file again."}]'::jsonb`);
    return true;
  }
  const heartbeat = setInterval(() => {
    void db.driver
      .query(`UPDATE "import_job" SET "locked_until" = now() + make_interval(secs => $3::int) WHERE "id" = $1 AND "locked_by" = $2`, [claim.id, runner, lease])
      .catch(() => {});
  }, Math.max(500, (lease * 1000) / 3));
  heartbeat.unref();
  try {
    const actor = claim.run_actor ?? { type: "system" as const, id: null, label: "import runner" };
    await runImport(db, { jobId: claim.id, source: importUploadSource(db, claim.id), commit: claim.run_wanted === "commit", actor });
  } catch (error) {
    console.error(`import ${claim.id} failed:`, error);
    await db.prisma.importJob.update({ where: { id: claim.id }, data: { status: "failed", finishedAt: new Date() } }).catch(() => {});
  } finally {
    clearInterval(heartbeat);
    await release().catch(() => {});
  }
  return true;
}

/** Every web instance looks for runs nobody holds (a dead instance's) every intervalMs. */
export function startImportJobSweeper(db: Database, options: { intervalMs?: number } = {}): () => void {
  const intervalMs = options.intervalMs ?? 5_000;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void runNextImportJob(db)
      .catch((error: unknown) => console.warn(`import sweeper: ${String((error as Error)?.message ?? error).split("\n")[0]}`))
      .finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
