import type { ImportError } from "./read-csv-file";
import type { MergeSummary } from "./merge-staged-rows";

/** What an import job reports while it runs and when it ends (import_job.progress and the CLI's report). */
export type ImportPhase = "reading" | "checking" | "applying" | "done";

export interface ImportProgress {
  phase?: ImportPhase;
  fileBytes?: number;
  bytesRead?: number;
  /** ISO time the current phase started (for the ETA). */
  phaseStartedAt?: string;
  rowsValid?: number;
  /** Rows already merged when the applying phase started (merged while reading). */
  rowsAppliedAtPhaseStart?: number;
  summary?: MergeSummary;
  /** Seconds spent per phase, for the report and the benchmark. */
  timings?: { reading?: number; checking?: number; applying?: number };
}

export interface ImportReport {
  jobId: string;
  status: "validated" | "applied" | "failed";
  dryRun: boolean;
  rowsRead: number;
  rowsRejected: number;
  rowsApplied: number;
  errors: ImportError[];
  /** Rows imported with a warning, and the first warnings by line. */
  rowsWarned: number;
  warnings: ImportError[];
  summary: MergeSummary | null;
}
