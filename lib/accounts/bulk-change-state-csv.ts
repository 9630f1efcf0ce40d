import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Database, DbClient, Prisma } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { resolveIncidentId } from "../imports/create-import-job";
import type { ImportError } from "../imports/read-csv-file";
import { storeUpload, uploadFileName, type UploadBody } from "../imports/store-upload";
import { applyStateChanges, previewStateChanges } from "../restores/apply-state-changes";
import { loadStateChangeFile, stateChangeChunks } from "./state-change-file";

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
const transactionOptions = { timeout: 3_600_000, maxWait: 30_000 };
/** The audit entry of an applied file names the upload: a second confirmation finds it. */
const auditTarget = "state_change_file";

const uploadDir = () => path.resolve(env().DATA_DIR, "state-changes");
const csvPath = (id: string) => path.join(uploadDir(), `${id}.csv`);
const reportPath = (id: string) => path.join(uploadDir(), `${id}.json`);

const uploadGone = () => new AppError("NOT_FOUND", "This file is no longer here: it was applied, or it was uploaded more than a day ago. Upload it again.");

/** Reads the stored file into the transaction; a file removed meanwhile (applied by a concurrent confirmation) is NOT_FOUND. */
async function loadStoredFile(tx: DbClient, id: string, incidentId: string) {
  try {
    return await loadStateChangeFile(tx, csvPath(id), incidentId);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw uploadGone();
    throw error;
  }
}

/** The digest of the lines, in file order, whose item changes (or would). */
class ChangedLines {
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

/** The dry run: classifies every row by the SQL applyStateChanges uses, writing nothing. */
async function checkStateChangeFile(db: Prisma, id: string, incidentId: string): Promise<{ report: StateChangeReport; sha256: string }> {
  return db.$transaction(async (tx) => {
    const loaded = await loadStoredFile(tx, id, incidentId);
    const report: StateChangeReport = {
      checkedAt: new Date().toISOString(),
      rowsRead: loaded.rowsRead,
      wouldChange: 0,
      wouldChangeDigest: "",
      unchanged: 0,
      rejected: loaded.rejected,
      errors: loaded.errors,
      unreadable: loaded.fileError !== null,
    };
    const changed = new ChangedLines();
    if (!loaded.fileError) {
      for await (const chunk of stateChangeChunks(tx, null)) {
        const { outcomes } = await previewStateChanges(tx, chunk.changes);
        changed.add(chunk.lines, outcomes);
        for (const outcome of outcomes) {
          if (outcome === "applied") report.wouldChange++;
          else if (outcome === "unchanged") report.unchanged++;
          else report.rejected++; // The loader's checks leave no unknown pair; only a concurrent delete could.
        }
      }
    }
    report.wouldChangeDigest = changed.digest();
    return { report, sha256: loaded.sha256 };
  }, transactionOptions);
}

async function saveUpload(upload: StateChangeUpload): Promise<void> {
  // Written whole, then renamed: a reader never sees half a report.
  const temporary = `${reportPath(upload.id)}.${randomUUID()}.tmp`;
  await writeFile(temporary, JSON.stringify(upload));
  await rename(temporary, reportPath(upload.id));
}

async function removeUpload(id: string): Promise<void> {
  await rm(reportPath(id), { force: true });
  await rm(csvPath(id), { force: true });
}

async function removeExpiredUploads(now = Date.now()): Promise<void> {
  const names = await readdir(uploadDir()).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(uploadDir(), name);
    const info = await stat(file).catch(() => null);
    if (info && now - info.mtimeMs > stateChangeUploadTtlMs) await rm(file, { force: true });
  }
}

export const uploadStateChangeFileSchema = z.object({
  fileName: z.string(),
  /** Default: the most recently started incident. */
  incidentId: z.uuid("Choose an incident.").optional(),
  maxBytes: z.number().int().positive(),
});
export type UploadStateChangeFileInput = z.input<typeof uploadStateChangeFileSchema> & { body: UploadBody };

/** Step 1: store the file and check it. Over maxBytes: PAYLOAD_TOO_LARGE naming the limit, nothing kept. */
export async function uploadStateChangeFile(db: Database, input: UploadStateChangeFileInput, uploadedBy: Actor): Promise<StateChangeUpload> {
  const result = uploadStateChangeFileSchema.safeParse(input);
  if (!result.success) throw new AppError("VALIDATION", result.error.issues[0]!.message);
  const parsed = result.data;
  const incidentId = await resolveIncidentId(db, parsed.incidentId);
  const incident = await db.prisma.incident.findUniqueOrThrow({ where: { id: incidentId }, select: { id: true, slug: true, title: true } });
  await removeExpiredUploads();
  const id = randomUUID();
  try {
    const { bytes } = await storeUpload(input.body, csvPath(id), parsed.maxBytes, stateChangeTooLargeHint);
    const { report, sha256 } = await checkStateChangeFile(db.prisma, id, incident.id);
    const upload: StateChangeUpload = {
      id,
      fileName: uploadFileName(parsed.fileName),
      bytes,
      sha256,
      incident,
      uploadedBy: uploadedBy.label,
      uploadedAt: new Date().toISOString(),
      report,
    };
    await saveUpload(upload);
    return upload;
  } catch (error) {
    await removeUpload(id);
    throw error;
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

export const confirmStateChangeFileSchema = z.object({
  uploadId: z.uuid("No such file: upload it again."),
  /** The number of rows the person was shown would change. */
  expectedChanges: z.coerce.number().int().min(0),
  /** The report's wouldChangeDigest the person was shown (default: the stored report's). */
  expectedDigest: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "The check's digest is malformed: reload the page.")
    .optional(),
  note: z.string().trim().min(1, "Say why (each account's history shows it, unless its row has a note of its own).").max(1_000),
});
export type ConfirmStateChangeFileInput = z.input<typeof confirmStateChangeFileSchema>;

export interface ConfirmStateChangeFileResult {
  fileName: string;
  applied: number;
  unchanged: number;
  emailsQueued: number;
}

/**
 * Step 2: apply the checked file. On a conflict nothing changes, and the stored report
 * is refreshed so that the page shows what the file would do now.
 */
export async function confirmStateChangeFile(db: Prisma, input: ConfirmStateChangeFileInput, actor: Actor): Promise<ConfirmStateChangeFileResult> {
  const c = confirmStateChangeFileSchema.parse(input);
  const upload = await getStateChangeUpload(c.uploadId);
  let result: ConfirmStateChangeFileResult;
  try {
    result = await db.$transaction(async (tx) => {
      // Two confirmations of one file (a double click, two people) run one after the other,
      // and the second finds the first one's audit entry, written in its transaction.
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, `state-change-file:${upload.id}`);
      const earlier = await tx.auditLog.findFirst({ where: { targetType: auditTarget, targetId: upload.id }, select: { actorLabel: true, createdAt: true } });
      if (earlier) {
        throw new AppError("CONFLICT", `This file was applied already, by ${earlier.actorLabel} at ${earlier.createdAt.toISOString()}. Nothing more was changed.`, { applied: true });
      }
      const loaded = await loadStoredFile(tx, upload.id, upload.incident.id);
      if (loaded.sha256 !== upload.sha256) {
        throw new AppError("CONFLICT", "The stored file is not the one that was checked. Nothing was changed; upload it again.");
      }
      if (loaded.fileError || loaded.rejected > 0) {
        const first = loaded.errors[0];
        throw new AppError(
          "CONFLICT",
          `Nothing was changed: ${loaded.fileError ? "the file cannot be read" : `${loaded.rejected} row(s) of the file are rejected`}${first ? ` (line ${first.line}${first.field ? `, ${first.field}` : ""}: ${first.reason})` : ""}. Fix the file and upload it again.`,
          { rejected: loaded.rejected },
        );
      }
      const totals = { applied: 0, unchanged: 0, emailsQueued: 0 };
      const changed = new ChangedLines();
      for await (const chunk of stateChangeChunks(tx, c.note)) {
        const applied = await applyStateChanges(tx, chunk.changes, actor);
        changed.add(chunk.lines, applied.outcomes);
        totals.applied += applied.applied;
        totals.emailsQueued += applied.emailsQueued;
        totals.unchanged += applied.outcomes.filter((o) => o === "unchanged").length;
      }
      if (totals.applied !== c.expectedChanges) {
        throw new AppError(
          "CONFLICT",
          `The file would now change ${totals.applied} row(s), not the ${c.expectedChanges} you were shown: some of these accounts changed since the check. Nothing was changed; the check below is fresh.`,
          { expected: c.expectedChanges, current: totals.applied },
        );
      }
      if (changed.digest() !== (c.expectedDigest ?? upload.report.wouldChangeDigest)) {
        throw new AppError(
          "CONFLICT",
          `The file would now change ${totals.applied} row(s), as many as you were shown, but not the same ones: some of these accounts changed since the check. Nothing was changed; the check below is fresh.`,
          { expected: c.expectedChanges, current: totals.applied, sameRows: false },
        );
      }
      if (totals.applied > 0) {
        await recordAudit(tx, actor, {
          action: "impact.bulk_change_state_file",
          targetType: auditTarget,
          targetId: upload.id,
          before: { incident: upload.incident.slug, file: upload.fileName, sha256: upload.sha256, rows: loaded.rowsRead, checkedAt: upload.report.checkedAt, wouldChange: c.expectedChanges },
          after: { ...totals, note: c.note },
        });
      }
      return { fileName: upload.fileName, ...totals };
    }, transactionOptions);
  } catch (error) {
    if (error instanceof AppError && error.code === "CONFLICT" && !(error.details as { applied?: boolean } | undefined)?.applied) {
      // The conflict is what the person needs to hear; a failed re-check only leaves the old report.
      await recheckStateChangeFile(db, upload).catch((recheckError: unknown) => console.error(`state change file ${upload.id}: re-check failed:`, recheckError));
    }
    throw error;
  }
  await removeUpload(upload.id);
  return result;
}

/** Checks a stored file again (after a refused confirmation) and keeps the fresh report. */
async function recheckStateChangeFile(db: Prisma, upload: StateChangeUpload): Promise<void> {
  try {
    const { report, sha256 } = await checkStateChangeFile(db, upload.id, upload.incident.id);
    // Bytes that are not the checked ones are never offered again.
    if (sha256 !== upload.sha256) await removeUpload(upload.id);
    else await saveUpload({ ...upload, report });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return; // expired meanwhile
    throw error;
  }
}
