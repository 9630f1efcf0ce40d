import { stateChangeFileHandler } from "../accounts/state-change-file-job";
import { stateChangeKind } from "../accounts/state-change-uploads";
import type { Database } from "../db";
import { fanoutHandler, fanoutKind } from "../mail/fanout-job";
import { runNextJob, type JobHandler } from "./background-jobs";
import { startSweeper } from "./leased-runs";

/** Every kind of background_job and its handler: what a sweeper can take over. */
export const jobHandlers: Record<string, JobHandler> = {
  [stateChangeKind]: stateChangeFileHandler,
  [fanoutKind]: fanoutHandler,
};

/**
 * Every web instance (scripts/start.ts) and worker (scripts/worker.ts) looks for wanted
 * runs nobody holds every intervalMs: a dead instance's, once its lease ran out, and
 * fan-outs published inside a larger transaction.
 */
export function startBackgroundJobSweeper(db: Database, options: { intervalMs?: number } = {}): () => void {
  return startSweeper("background job", () => runNextJob(db, jobHandlers), options.intervalMs);
}
