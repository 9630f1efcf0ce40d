import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { ImportError } from "./read-csv-file";
import type { ImportProgress } from "./run-import";

/**
 * One import job as the progress page shows it: counts, errors, and a percentage and
 * ETA computed from the job row alone (so they survive a reload): while reading, from
 * bytes read of the file size; while applying, from rows applied of the valid rows.
 */
export interface ImportJobView {
  id: string;
  fileName: string;
  incidentTitle: string;
  status: string;
  dryRun: boolean;
  rowsRead: number;
  rowsApplied: number;
  rowsRejected: number;
  errors: ImportError[];
  /** Rows imported with a default they had to take (an unsupported language tag), and the first of them by line. */
  rowsWarned: number;
  warnings: ImportError[];
  progress: ImportProgress;
  createdAt: Date;
  finishedAt: Date | null;
  /** 0..100 within the current phase. */
  percent: number;
  etaSeconds: number | null;
  active: boolean;
  canCommit: boolean;
  /**
   * The run was started again after the instance running it stopped (its lease ran out):
   * the number of the attempt, from 2; null when the first attempt is the only one.
   */
  takenOver: number | null;
}

export async function getImportJob(db: DbClient, id: string, now = new Date()): Promise<ImportJobView> {
  const job = await db.importJob.findUnique({ where: { id }, include: { incident: { select: { title: true } } } }).catch(() => null);
  if (!job) throw new AppError("NOT_FOUND", "No such import.");
  const progress = (job.progress ?? {}) as ImportProgress;
  const active = job.finishedAt === null && ["uploaded", "validating", "applying"].includes(job.status);
  let fraction = job.finishedAt ? 1 : 0;
  // Where the phase started: on PostgreSQL much is merged while reading, so the applying
  // phase starts part done, and its ETA is the rate since then.
  let startFraction = 0;
  if (!job.finishedAt) {
    if (progress.phase === "applying") {
      const valid = progress.rowsValid ?? job.rowsRead - job.rowsRejected;
      fraction = valid > 0 ? job.rowsApplied / valid : 0;
      startFraction = valid > 0 ? Math.min(fraction, (progress.rowsAppliedAtPhaseStart ?? 0) / valid) : 0;
    } else if (progress.fileBytes) {
      fraction = (progress.bytesRead ?? 0) / progress.fileBytes;
    }
  }
  let etaSeconds: number | null = null;
  if (active && progress.phaseStartedAt && fraction - startFraction > 0.01 && fraction < 1) {
    const elapsed = (now.getTime() - new Date(progress.phaseStartedAt).getTime()) / 1000;
    etaSeconds = Math.max(1, Math.round((elapsed * (1 - fraction)) / (fraction - startFraction)));
  }
  return {
    id: job.id,
    fileName: job.fileName,
    incidentTitle: job.incident.title,
    status: job.status,
    dryRun: job.dryRun,
    rowsRead: job.rowsRead,
    rowsApplied: job.rowsApplied,
    rowsRejected: job.rowsRejected,
    errors: (job.errors ?? []) as unknown as ImportError[],
    rowsWarned: job.rowsWarned,
    warnings: (job.warnings ?? []) as unknown as ImportError[],
    progress,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    percent: Math.round(Math.min(1, fraction) * 1000) / 10,
    etaSeconds,
    active,
    canCommit: job.status === "validated" && job.dryRun && job.rowsRejected === 0 && job.rowsRead > 0,
    takenOver: job.runAttempts > 1 ? job.runAttempts : null,
  };
}

export async function listImportJobs(db: DbClient, limit = 50) {
  return db.importJob.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, fileName: true, status: true, dryRun: true, rowsRead: true, rowsApplied: true, rowsRejected: true, createdAt: true, finishedAt: true },
  });
}
