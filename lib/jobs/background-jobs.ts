import type { Actor } from "../audit/record-audit";
import type { Database, DbClient, Prisma } from "../db";
import { env } from "../env";
import { toAppError } from "../http/map-error";
import { maxRunAttempts, requestRun, runNext, runnerId } from "./leased-runs";

/**
 * Background jobs other than imports, in background_job: a bulk state change file's check
 * and confirmation, an update's or a letter's fan-out. Each kind has a handler; a run is
 * claimed under a lease by any instance (lib/jobs/leased-runs.ts, the import runner's
 * machinery): the instance that received the request runs it at once and waits for it,
 * and if that instance dies the sweepers of the others (lib/jobs/job-kinds.ts) take it
 * over. A handler does its work in ONE transaction that also writes the job's status and
 * outcome, so a run is applied whole or not at all, and a run taken over after its
 * commit finds it done. docs/decisions/046-background-jobs.md
 */
export interface JobRun {
  id: string;
  kind: string;
  wanted: string;
  input: unknown;
  actor: Actor;
  /** 1 for the first claim; more when an instance died running it (taken over). */
  attempt: number;
}

export interface JobHandler {
  run(db: Database, run: JobRun): Promise<void>;
}

export interface JobOutcome {
  status: "done" | "refused" | "failed";
  message?: string;
  [key: string]: unknown;
}

const backgroundJobs = { table: "background_job" };
const systemActor: Actor = { type: "system", id: null, label: "background job" };

/** Creates a job (in the caller's transaction, when given one), asking for its first run. */
export async function createJob(db: DbClient, kind: string, data: object, run?: { wanted: string; input?: unknown; actor: Actor }, id?: string): Promise<string> {
  const job = await db.backgroundJob.create({
    data: {
      ...(id ? { id } : {}),
      kind,
      data,
      ...(run ? { runWanted: run.wanted, runInput: (run.input ?? null) as object, runActor: run.actor as object } : {}),
    },
    select: { id: true },
  });
  return job.id;
}

/** Asks for another run of a job (a confirmation after the check). */
export async function requestJobRun(db: Database, id: string, wanted: string, input: unknown, actor: Actor): Promise<void> {
  await db.driver.query(`UPDATE "background_job" SET "run_input" = $2::jsonb WHERE "id" = $1`, [id, JSON.stringify(input ?? null)]);
  await requestRun(db.driver, backgroundJobs, id, wanted, actor);
}

/** Sets a job's status and outcome (inside the handler's transaction, with its work). */
export async function finishJob(tx: DbClient, id: string, status: string, outcome: JobOutcome | null, extra: { data?: object } = {}): Promise<void> {
  await tx.backgroundJob.update({
    where: { id },
    data: { status, outcome: outcome === null ? undefined : (outcome as object), finishedAt: new Date(), ...(extra.data ? { data: extra.data } : {}) },
  });
}

/** Errors a retry can cure: the database is away (restarting, failing over). */
const retryable = (error: unknown) => toAppError(error).code === "UNAVAILABLE";

/**
 * Claims one wanted run (this job only, when given) and runs it with its kind's handler;
 * false when none was free (another instance holds it).
 */
export async function runNextJob(db: Database, handlers: Record<string, JobHandler>, options: { jobId?: string; runner?: string; leaseSeconds?: number } = {}): Promise<boolean> {
  const fail = (message: string) =>
    ({ status: "failed", outcome: { status: "failed", message } satisfies JobOutcome as object, finishedAt: new Date() }) as const;
  return runNext(
    db.driver,
    backgroundJobs,
    { jobId: options.jobId, runner: options.runner ?? `job-${runnerId()}`, leaseSeconds: options.leaseSeconds ?? env().IMPORT_LEASE_SECONDS },
    {
      run: async (claim) => {
        const job = await db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: claim.id }, select: { kind: true, runInput: true } });
        const handler = handlers[job.kind];
        if (!handler) throw new Error(`no handler for background job kind ${job.kind}`);
        await db.prisma.backgroundJob.update({ where: { id: claim.id }, data: { status: "running" } });
        await handler.run(db, {
          id: claim.id,
          kind: job.kind,
          wanted: claim.run_wanted,
          input: job.runInput,
          actor: (claim.run_actor as Actor | null) ?? systemActor,
          attempt: claim.run_attempts,
        });
      },
      giveUp: async (claim, release) => {
        await release(`, "status" = 'failed', "finished_at" = now()`);
        await db.prisma.backgroundJob.update({
          where: { id: claim.id },
          data: fail(`The instance running this job stopped ${maxRunAttempts} times; nothing of it was applied. Start it again.`),
        });
      },
      failed: async (claim, error) => {
        if (retryable(error)) return "retry";
        const appError = toAppError(error);
        await db.prisma.backgroundJob.update({ where: { id: claim.id }, data: fail(`Nothing of it was applied: ${appError.message}`) });
      },
    },
  );
}

export interface JobView {
  id: string;
  kind: string;
  status: string;
  running: boolean;
  attempts: number;
  /** A run was claimed again after the instance running it stopped. */
  takenOver: boolean;
  outcome: JobOutcome | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export async function getJob(prisma: Prisma, id: string): Promise<(JobView & { data: unknown }) | null> {
  const job = await prisma.backgroundJob.findUnique({ where: { id } });
  if (!job) return null;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    running: job.runWanted !== null,
    attempts: job.runAttempts,
    takenOver: job.runAttempts > 1,
    outcome: job.outcome as JobOutcome | null,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    data: job.data,
  };
}
