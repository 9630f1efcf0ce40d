import type { Actor } from "../audit/record-audit";
import { database, type Database, type DbClient } from "../db";
import { createJob, finishJob, getJob, runNextJob, type JobHandler } from "../jobs/background-jobs";
import { queueLetterFanout, queueUpdateFanout } from "./queue-update-fanout";

/**
 * The fan-out of an update or a letter as a background job. Publishing creates the job in
 * its own transaction (the update and its fan-out job exist together or not at all); the
 * instance that published runs it at once, and if it dies the job is taken over by
 * another instance. The run queues every email in ONE transaction that also marks the job
 * done: a killed run queued nothing, and a run taken over after its commit does nothing
 * more (the emails are keyed per recipient too). What the emails say is the templates'
 * business (rendered at send time), not this job's.
 */
export type FanoutTarget = { type: "update"; updateId: string } | { type: "letter"; letterId: string; revision: number; locale?: string };

export const fanoutKind = "fanout";

export function queueFanoutJob(tx: DbClient, target: FanoutTarget, actor: Actor): Promise<string> {
  return createJob(tx, fanoutKind, target, { wanted: "queue", actor });
}

export const fanoutHandler: JobHandler = {
  async run(db, run) {
    await db.prisma.$transaction(
      async (tx) => {
        // Taken over after a run that committed: done already, nothing more to queue.
        const [job] = await tx.$queryRawUnsafe<{ done: boolean; data: FanoutTarget }[]>(
          `SELECT coalesce("outcome"->>'status' = 'done', false) AS "done", "data" FROM "background_job" WHERE "id" = $1::uuid FOR UPDATE`,
          run.id,
        );
        if (!job) return;
        if (job.done) return finishJob(tx, run.id, "done", null);
        const target = job.data;
        const emailsQueued = target.type === "update" ? await queueUpdateFanout(tx, target.updateId) : await queueLetterFanout(tx, target.letterId, target.revision, target.locale);
        await finishJob(tx, run.id, "done", { status: "done", emailsQueued });
      },
      { timeout: 600_000, maxWait: 30_000 },
    );
  },
};

/**
 * Runs a fan-out job here and now (the publishing instance); the number of emails it
 * queued, or null when another instance holds it or it has not finished (the job page
 * and the outbox tell the rest).
 */
export async function runFanoutJob(db: Database, jobId: string): Promise<number | null> {
  await runNextJob(db, { [fanoutKind]: fanoutHandler }, { jobId });
  const job = await getJob(db.prisma, jobId);
  const queued = job?.status === "done" ? job.outcome?.emailsQueued : undefined;
  return typeof queued === "number" ? queued : null;
}

/**
 * After a publish: runs its fan-out here when `db` is this process's own client (the
 * publish committed); inside a caller's larger transaction it leaves the job to the
 * sweepers (it only exists once that transaction commits). The emails queued here, or 0.
 */
export async function runFanoutJobAfterCommit(db: DbClient, jobId: string): Promise<number> {
  const own = await database();
  if (db !== own.prisma) return 0;
  return (await runFanoutJob(own, jobId)) ?? 0;
}
