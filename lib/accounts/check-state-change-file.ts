import type { Database } from "../db";
import { AppError } from "../errors";
import { previewStateChanges } from "../restores/apply-state-changes";
import { stateChangeChunks } from "./state-change-file";
import { ChangedLines, discardUpload, loadStoredFile, saveUpload, transactionOptions, type StateChangeReport, type StateChangeUpload } from "./state-change-uploads";

/** Step 1 of a state change by CSV file: the check of the stored file (a dry run that writes nothing), run as its job's first run. */

/** The dry run: classifies every row by the SQL applyStateChanges uses, writing nothing. */
export async function checkStateChangeFile(db: Database, id: string, incidentId: string): Promise<{ report: StateChangeReport; sha256: string }> {
  return db.prisma.$transaction(async (tx) => {
    const loaded = await loadStoredFile(db, tx, id, incidentId);
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

/** Checks a stored file again (after a refused confirmation) and keeps the fresh report. */
export async function recheckStateChangeFile(db: Database, upload: StateChangeUpload): Promise<void> {
  try {
    const { report, sha256 } = await checkStateChangeFile(db, upload.id, upload.incident.id);
    // Bytes that are not the checked ones are never offered again.
    if (sha256 !== upload.sha256) await discardUpload(db, upload.id);
    else await saveUpload(db.prisma, { ...upload, report });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return; // expired meanwhile
    throw error;
  }
}
