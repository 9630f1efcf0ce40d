import { randomUUID } from "node:crypto";

/**
 * Runs claimed from a table under a lease: the one machinery behind import runs
 * (import_job) and the other background jobs (background_job: bulk state change files,
 * update and letter fan-out). A row asks for a run with `run_wanted` (and who asked,
 * `run_actor`); any instance claims it with the mail outbox's claim (FOR UPDATE SKIP
 * LOCKED inside `= ANY(ARRAY(...))`, decision 012), so two instances never run the same
 * job. While it runs, the runner renews its lease every third of it. If its instance
 * dies, the work's transaction rolls back (nothing half-applied) and the lease runs out:
 * another instance's sweeper claims the run again and does it from the start. After
 * maxRunAttempts claims the job is given up, saying so.
 * docs/decisions/039-import-jobs-claimed-with-leases.md, 046-background-jobs.md
 */
export const maxRunAttempts = 3;

/** What the runner needs of a database: a parameterised query (lib/db.ts's Driver). */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Claim {
  id: string;
  run_wanted: string;
  run_actor: unknown;
  run_attempts: number;
}

export interface LeasedTable {
  /** "import_job" | "background_job": a table with run_wanted, run_actor, locked_by, locked_until, run_attempts, created_at. */
  table: string;
}

const key = Symbol.for("recovery-portal.runner-id");
/** This process's name in locked_by. */
export function runnerId(): string {
  const g = globalThis as typeof globalThis & { [key]?: string };
  g[key] ??= `${process.pid}-${randomUUID().slice(0, 8)}`;
  return g[key];
}

/** Asks for a run of one job; any instance may do it. */
export async function requestRun(db: Queryable, { table }: LeasedTable, jobId: string, wanted: string, actor: unknown): Promise<void> {
  await db.query(`UPDATE "${table}" SET "run_wanted" = $2, "run_actor" = $3::jsonb, "run_attempts" = 0 WHERE "id" = $1`, [jobId, wanted, JSON.stringify(actor ?? null)]);
}

export interface RunOptions {
  /** Claim this job only (the instance that received the request). */
  jobId?: string;
  runner?: string;
  leaseSeconds: number;
}

export interface RunHandlers {
  /** The work. Throwing is a failure of this run (the lease is released, run_wanted cleared). */
  run(claim: Claim): Promise<void>;
  /** Claimed more than maxRunAttempts times: the instances running it kept dying. */
  giveUp(claim: Claim, release: (extraSet: string) => Promise<unknown>): Promise<void>;
  /**
   * The run threw (not a dead instance: an error). Answering "retry" keeps the run wanted:
   * any instance claims it again after a short pause (the database was away, say).
   */
  failed?(claim: Claim, error: unknown): Promise<void | "retry">;
}

/** Claims one wanted run (options.jobId only, when given) and does it; false when none was free. */
export async function runNext(db: Queryable, leased: LeasedTable, options: RunOptions, handlers: RunHandlers): Promise<boolean> {
  const runner = options.runner ?? runnerId();
  const lease = options.leaseSeconds;
  const t = leased.table;
  const [claim] = await db.query<Claim>(
    `UPDATE "${t}" SET "locked_by" = $1, "locked_until" = now() + make_interval(secs => $2::int), "run_attempts" = "run_attempts" + 1
      WHERE "id" = ANY(ARRAY(
        SELECT "id" FROM "${t}"
         WHERE "run_wanted" IS NOT NULL AND ("locked_until" IS NULL OR "locked_until" < now())
           AND ($3::uuid IS NULL OR "id" = $3::uuid)
         ORDER BY "created_at" LIMIT 1 FOR UPDATE SKIP LOCKED))
     RETURNING "id", "run_wanted", "run_actor", "run_attempts"`,
    [runner, lease, options.jobId ?? null],
  );
  if (!claim) return false;
  const release = (extraSet = "") =>
    db.query(`UPDATE "${t}" SET "run_wanted" = NULL, "locked_by" = NULL, "locked_until" = NULL${extraSet} WHERE "id" = $1 AND "locked_by" = $2`, [claim.id, runner]);
  if (claim.run_attempts > maxRunAttempts) {
    await handlers.giveUp(claim, release);
    return true;
  }
  const heartbeat = setInterval(
    () => {
      void db
        .query(`UPDATE "${t}" SET "locked_until" = now() + make_interval(secs => $3::int) WHERE "id" = $1 AND "locked_by" = $2`, [claim.id, runner, lease])
        .catch(() => {});
    },
    Math.max(500, (lease * 1000) / 3),
  );
  heartbeat.unref();
  let retry = false;
  try {
    await handlers.run(claim);
  } catch (error) {
    console.error(`${t} ${claim.id} failed:`, error);
    retry = (await handlers.failed?.(claim, error).catch(() => "retry" as const)) === "retry";
  } finally {
    clearInterval(heartbeat);
    // A retry: released, still wanted, claimable again in a few seconds (by anyone).
    const done = retry
      ? db.query(`UPDATE "${t}" SET "locked_by" = NULL, "locked_until" = now() + interval '3 seconds' WHERE "id" = $1 AND "locked_by" = $2`, [claim.id, runner])
      : release();
    await done.catch(() => {});
  }
  return true;
}

/** Every web instance looks for runs nobody holds (a dead instance's) every intervalMs. */
export function startSweeper(name: string, next: () => Promise<boolean>, intervalMs = 5_000): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void next()
      .catch((error: unknown) => console.warn(`${name} sweeper: ${String((error as Error)?.message ?? error).split("\n")[0]}`))
      .finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
