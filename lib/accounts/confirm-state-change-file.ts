import { z } from "zod";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Database } from "../db";
import { AppError } from "../errors";
import { applyStateChanges } from "../restores/apply-state-changes";
import { recheckStateChangeFile } from "./check-state-change-file";
import { stateChangeChunks } from "./state-change-file";
import { finishJob } from "../jobs/background-jobs";
import { auditTarget, ChangedLines, loadStoredFile, transactionOptions, type StateChangeUpload } from "./state-change-uploads";

/** Step 2 of a state change by CSV file: apply the checked file in one transaction, or nothing. */

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
export type ConfirmStateChangeFileOptions = z.output<typeof confirmStateChangeFileSchema>;

export interface ConfirmStateChangeFileResult {
  fileName: string;
  applied: number;
  unchanged: number;
  emailsQueued: number;
}

/**
 * Step 2: apply the checked file in ONE transaction, which also marks its job applied
 * (a run taken over after this commit finds the audit entry and changes nothing). On a
 * conflict nothing changes, and the stored report is refreshed so that the page shows
 * what the file would do now. Run as the job's "confirm" run (state-change-file-job.ts).
 */
export async function applyStateChangeFile(db: Database, upload: StateChangeUpload, c: ConfirmStateChangeFileOptions, actor: Actor): Promise<ConfirmStateChangeFileResult> {
  try {
    return await db.prisma.$transaction(async (tx) => {
      // Two confirmations of one file (a double click, two people) run one after the other,
      // and the second finds the first one's audit entry, written in its transaction.
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, `state-change-file:${upload.id}`);
      const earlier = await tx.auditLog.findFirst({ where: { targetType: auditTarget, targetId: upload.id }, select: { actorLabel: true, createdAt: true } });
      if (earlier) {
        throw new AppError("CONFLICT", `This file was applied already, by ${earlier.actorLabel} at ${earlier.createdAt.toISOString()}. Nothing more was changed.`, { applied: true });
      }
      const loaded = await loadStoredFile(db, tx, upload.id, upload.incident.id);
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
      const result = { fileName: upload.fileName, ...totals };
      await finishJob(tx, upload.id, "applied", { status: "done", ...result });
      return result;
    }, transactionOptions);
  } catch (error) {
    if (error instanceof AppError && error.code === "CONFLICT" && !(error.details as { applied?: boolean } | undefined)?.applied) {
      // The conflict is what the person needs to hear; a failed re-check only leaves the old report.
      await recheckStateChangeFile(db, upload).catch((recheckError: unknown) => console.error(`state change file ${upload.id}: re-check failed:`, recheckError));
    }
    throw error;
  }
}

