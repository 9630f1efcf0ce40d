import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { DbClient } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import type { ImportError } from "../imports/read-csv-file";
import { loadStateChangeFile } from "./state-change-file";

/**
 * A state change by CSV file (state-change-file.ts), in two steps like the filter path
 * (bulk-change-state.ts). Upload: the file is stored under DATA_DIR/state-changes/<id>.csv
 * and checked (a dry run: rows read, would change, unchanged, rejected with the first
 * errors); the report is kept beside it in <id>.json. Confirm: the stored file is read
 * again in ONE transaction, every row through applyStateChanges (events, aggregates,
 * coalesced restore emails) with one audit entry, or nothing at all: refused if any row
 * is rejected, if the bytes differ from the checked ones, or if the number of rows that
 * would change is not the number the person confirmed. The upload is named by a UUID
 * made here; no path ever comes from the client.
 *
 * This file: the stored uploads and their reports (DATA_DIR/state-changes/). The check is
 * check-state-change-file.ts, the confirmation confirm-state-change-file.ts.
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

export const uploadDir = () => path.resolve(env().DATA_DIR, "state-changes");
export const csvPath = (id: string) => path.join(uploadDir(), `${id}.csv`);
export const reportPath = (id: string) => path.join(uploadDir(), `${id}.json`);

export const uploadGone = () => new AppError("NOT_FOUND", "This file is no longer here: it was applied, or it was uploaded more than a day ago. Upload it again.");

/** Reads the stored file into the transaction; a file removed meanwhile (applied by a concurrent confirmation) is NOT_FOUND. */
export async function loadStoredFile(tx: DbClient, id: string, incidentId: string) {
  try {
    return await loadStateChangeFile(tx, csvPath(id), incidentId);
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

export async function saveUpload(upload: StateChangeUpload): Promise<void> {
  // Written whole, then renamed: a reader never sees half a report.
  const temporary = `${reportPath(upload.id)}.${randomUUID()}.tmp`;
  await writeFile(temporary, JSON.stringify(upload));
  await rename(temporary, reportPath(upload.id));
}

export async function removeUpload(id: string): Promise<void> {
  await rm(reportPath(id), { force: true });
  await rm(csvPath(id), { force: true });
}

export async function removeExpiredUploads(now = Date.now()): Promise<void> {
  const names = await readdir(uploadDir()).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(uploadDir(), name);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > stateChangeUploadTtlMs) await rm(file, { force: true });
  }
}

/** A stored upload and its last check. NOT_FOUND for an unknown, applied or expired one. */
export async function getStateChangeUpload(id: string): Promise<StateChangeUpload> {
  if (!z.uuid().safeParse(id).success) throw uploadGone();
  const text = await readFile(reportPath(id), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw uploadGone();
    throw error;
  });
  return JSON.parse(text) as StateChangeUpload;
}

