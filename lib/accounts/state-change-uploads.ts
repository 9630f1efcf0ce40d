import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Database, DbClient } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { deleteUpload, uploadSourceFor, type UploadSource } from "../imports/upload-source";
import type { ImportError } from "../imports/read-csv-file";
import { getJob, type JobView } from "../jobs/background-jobs";
import { loadStateChangeFile } from "./state-change-file";

/**
 * A state change by CSV file (state-change-file.ts), in two steps like the filter path
 * (bulk-change-state.ts). Upload: the file is stored like an import's (on PostgreSQL in
 * upload_chunk, readable by every instance; embedded: DATA_DIR/state-changes/<id>.csv) and
 * a background job (background_job, kind "state_change_file") records it; the check runs
 * as that job's first run (a dry run: rows read, would change, unchanged, rejected with
 * the first errors), kept in the job's data. Confirm: a second run of the job reads the
 * stored file again in ONE transaction, every row through applyStateChanges (events,
 * aggregates, coalesced restore emails) with one audit entry, or nothing at all: refused
 * if any row is rejected, if the bytes differ from the checked ones, or if the rows that
 * would change are not the ones the person confirmed. Runs are claimed under a lease
 * (lib/jobs/): if the instance running one dies, another takes it over, and the page
 * says so. The upload is named by a UUID made here; no path ever comes from the client.
 *
 * This file: the stored uploads and their reports. The check is
 * check-state-change-file.ts, the confirmation confirm-state-change-file.ts, both runs
 * state-change-file-job.ts.
 */

export interface StateChangeReport {
  checkedAt: string;
  rowsRead: number;
  wouldChange: number;
  /**
   * Which rows would change: SHA-256 of their line numbers. The confirmation is refused
   * unless the same rows change, not only as many (one row stopping and another starting
   * to need a change keeps the count).
   */
  wouldChangeDigest: string;
  unchanged: number;
  rejected: number;
  /** The first errors by line. */
  errors: ImportError[];
  /** The file cannot be read as a whole (binary, empty, bad header, ...): the errors say where. */
  unreadable: boolean;
}

export interface StateChangeUpload {
  id: string;
  fileName: string;
  bytes: number;
  sha256: string;
  incident: { id: string; slug: string; title: string };
  uploadedBy: string;
  uploadedAt: string;
  report: StateChangeReport;
}

/** A stored upload that nobody confirms is removed after this long. */
export const stateChangeUploadTtlMs = 24 * 3_600_000;
export const stateChangeTooLargeHint = "Split it into smaller files: each is checked and applied on its own.";
export const transactionOptions = { timeout: 3_600_000, maxWait: 30_000 };
/** The audit entry of an applied file names the upload: a second confirmation finds it. */
export const auditTarget = "state_change_file";

export const stateChangeKind = "state_change_file";
/** Embedded database only: the file under DATA_DIR (one process; see decision 038). */
export const csvPath = (id: string) => path.resolve(env().DATA_DIR, "state-changes", `${id}.csv`);
export const stateChangeSource = (db: Pick<Database, "driver">, id: string): UploadSource => uploadSourceFor(db, id, csvPath(id));

export const uploadGone = () => new AppError("NOT_FOUND", "This file is no longer here: it was applied, or it was uploaded more than a day ago. Upload it again.");

/** Reads the stored file into the transaction; a file removed meanwhile (applied by a concurrent confirmation) is NOT_FOUND. */
export async function loadStoredFile(db: Pick<Database, "driver">, tx: DbClient, id: string, incidentId: string) {
  try {
    return await loadStateChangeFile(tx, stateChangeSource(db, id), incidentId);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw uploadGone();
    throw error;
  }
}

/** The digest of the lines, in file order, whose item changes (or would). */
export class ChangedLines {
  private readonly hash = createHash("sha256");
  add(lines: readonly number[], outcomes: readonly string[]): void {
    outcomes.forEach((outcome, i) => {
      if (outcome === "applied") this.hash.update(`${lines[i]},`);
    });
  }
  digest(): string {
    return this.hash.digest("hex");
  }
}

export const canConfirm = (report: StateChangeReport) => !report.unreadable && report.rejected === 0 && report.wouldChange > 0;

/** The upload's record and last check, kept in its job's data (in the caller's transaction when given). */
export async function saveUpload(db: DbClient, upload: StateChangeUpload): Promise<void> {
  await db.backgroundJob.update({ where: { id: upload.id }, data: { data: upload as object } });
}

/** The file's bytes go; the job stays (its page says what happened) unless `withJob`. */
export async function removeUpload(db: Database, id: string, options: { withJob?: boolean } = {}): Promise<void> {
  await deleteUpload(db.driver, id);
  await rm(csvPath(id), { force: true });
  if (options.withJob) await db.prisma.backgroundJob.deleteMany({ where: { id, kind: stateChangeKind } });
}

/** Bytes that are not the checked ones: never offered again (the job says why, the page that it is gone). */
export async function discardUpload(db: Database, id: string): Promise<void> {
  await removeUpload(db, id);
  await db.prisma.backgroundJob.update({ where: { id }, data: { status: "discarded" } });
}

/** Uploads nobody applied within a day go, bytes and job. */
export async function removeExpiredUploads(db: Database, now = Date.now()): Promise<void> {
  const expired = await db.prisma.backgroundJob.findMany({
    where: { kind: stateChangeKind, createdAt: { lt: new Date(now - stateChangeUploadTtlMs) }, runWanted: null },
    select: { id: true, status: true },
  });
  for (const job of expired) await removeUpload(db, job.id, { withJob: job.status !== "applied" });
}

export type StoredStateChangeUpload = StateChangeUpload & { job: JobView };

/** A stored upload, its last check and its job. NOT_FOUND for an unknown or expired one. */
export async function getStateChangeUpload(db: Database, id: string): Promise<StoredStateChangeUpload> {
  if (!z.uuid().safeParse(id).success) throw uploadGone();
  const job = await getJob(db.prisma, id);
  if (!job || job.kind !== stateChangeKind || job.status === "discarded") throw uploadGone();
  const { data, ...view } = job;
  return { ...(data as StateChangeUpload), job: view };
}
