import type { UploadSource } from "./upload-source";
import type { Actor } from "../audit/record-audit";
import type { Database, DbClient } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { checkStagedRows } from "./check-staged-rows";
import { startMerger, type Merger } from "./import-merger";
import type { ImportProgress, ImportReport } from "./import-progress";
import type { MergeSummary } from "./merge-staged-rows";
import { firstErrorsByLine, ImportFileError, maxReportedErrors, type ImportError } from "./read-csv-file";
import { readImportFile } from "./read-import-file";
import { createStager, type Stager } from "./stage-import-rows";

/**
 * Runs one import job over its stored file: read + validate every row (streamed),
 * stage the valid ones, run the whole-file checks, and then either stop (dry run, or
 * any row rejected) or merge everything in ONE transaction. The import_job row is the
 * source of truth for the progress bar: rows read, rows applied, bytes read, phase.
 * A failure at any point leaves the real tables untouched. The merge transaction is
 * import-merger.ts; the progress and report shapes are import-progress.ts.
 */
export type { ImportPhase, ImportProgress, ImportReport } from "./import-progress";

export interface RunImportInput {
  jobId: string;
  /** The file's bytes: an upload (in the database on PostgreSQL) or a local file. */
  source: UploadSource;
  /** false: dry run (validate and report only). */
  commit: boolean;
  /** Who asked (recorded in the audit log); restore events name the import job. */
  actor: Actor;
  /** Staging rows per merge statement (progress granularity). */
  mergeChunk?: number;
  coalesceSeconds?: number;
}

const progressEveryMs = 500;

export async function runImport(db: Database, input: RunImportInput): Promise<ImportReport> {
  const { prisma, driver } = db;
  const job = await prisma.importJob.findUnique({ where: { id: input.jobId }, select: { id: true, incidentId: true, fileName: true } });
  if (!job) throw new AppError("NOT_FOUND", "No such import.");
  const categories = await prisma.dataCategory.findMany({ where: { incidentId: job.incidentId }, select: { id: true, key: true } });
  const categoryIds = new Map(categories.map((c) => [c.key, c.id]));
  const fileBytes = await input.source.bytes();
  const dryRun = !input.commit;

  const progress: ImportProgress = { phase: "reading", fileBytes, bytesRead: 0, phaseStartedAt: new Date().toISOString() };
  let rowsRead = 0;
  let rowsRejected = 0;
  let rowsApplied = 0;
  let errors: ImportError[] = [];
  let rowsWarned = 0;
  const warnings: ImportError[] = [];
  const save = async (client: Pick<DbClient, "importJob"> = prisma, extra: { status?: "validating" | "validated" | "applying" | "applied" | "failed"; finished?: boolean } = {}) => {
    await client.importJob.update({
      where: { id: job.id },
      data: {
        rowsRead,
        rowsRejected,
        rowsApplied,
        errors: errors as object[],
        rowsWarned,
        warnings: warnings as object[],
        progress: progress as object,
        dryRun,
        ...(extra.status ? { status: extra.status } : {}),
        ...(extra.finished ? { finishedAt: new Date() } : {}),
      },
    });
  };
  const report = (status: ImportReport["status"], summary: MergeSummary | null): ImportReport => ({
    jobId: job.id,
    status,
    dryRun,
    rowsRead,
    rowsRejected,
    rowsApplied,
    errors,
    rowsWarned,
    warnings,
    summary,
  });

  await prisma.importJob.update({ where: { id: job.id }, data: { finishedAt: null, rowsWarned: 0, warnings: [] } });
  await save(prisma, { status: "validating" });

  // With PostgreSQL a commit merges while it reads: the stager ends its COPY every
  // segment and the merger, in the one transaction on another connection, merges that
  // segment while the next is parsed (Node and PostgreSQL each keep a core busy). The
  // whole-file checks run when reading ends; any rejected row rolls the merge back, so
  // nothing is applied. On PGlite (one connection) and for dry runs it is sequential.
  const pipelined = !dryRun && driver.kind === "postgres";
  // Rows per merge statement: a segment while reading; else about ten progress steps.
  const segmentRows = input.mergeChunk ?? 250_000;
  const importActor: Actor = { type: "import", id: job.id, label: input.actor.label };
  const startMerge = (chunk: number) =>
    startMerger(db, {
      jobId: job.id,
      incidentId: job.incidentId,
      actor: importActor,
      auditActor: input.actor,
      fileName: job.fileName,
      chunk,
      coalesceSeconds: input.coalesceSeconds ?? env().MAIL_COALESCE_SECONDS,
      onProgress: async (client, applied, summary) => {
        rowsApplied = applied;
        progress.summary = summary;
        await save(client);
      },
    });
  /** Segments merged while reading are rolled back: the report says none applied. */
  const nothingApplied = () => {
    rowsApplied = 0;
    delete progress.summary;
    progress.phase = "done";
  };
  let merger: Merger | undefined = pipelined ? startMerge(segmentRows) : undefined;

  let stager: Stager | undefined;
  try {
    stager = await createStager(driver, job.id, merger ? { segmentRows, onSegment: merger.push } : {});
    let lastSave = Date.now();
    try {
      for await (const item of readImportFile(input.source.open(), {
        categories: categoryIds,
        onBytes: (b) => (progress.bytesRead = b),
      })) {
        rowsRead++;
        if (item.kind === "row") {
          await stager.add(item.line, item.row);
          if (item.warnings) {
            rowsWarned++;
            if (warnings.length < maxReportedErrors) warnings.push(...item.warnings.slice(0, maxReportedErrors - warnings.length));
          }
        } else {
          rowsRejected++;
          merger?.abort(); // nothing will be applied: stop merging, keep reading for the report
          if (errors.length < maxReportedErrors) errors.push(...item.errors.slice(0, maxReportedErrors - errors.length));
        }
        if (Date.now() - lastSave > progressEveryMs) {
          lastSave = Date.now();
          await save();
        }
      }
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      errors.push(error.error);
      errors = firstErrorsByLine(errors);
      await merger?.rollBack();
      nothingApplied();
      await save(prisma, { status: "failed", finished: true });
      return report("failed", null);
    }

    const staged = await stager.finish();
    const seconds = (since: string | undefined) => Math.round((Date.now() - new Date(since ?? Date.now()).getTime()) / 100) / 10;
    progress.timings = { reading: seconds(progress.phaseStartedAt) };
    progress.phase = "checking";
    progress.bytesRead = fileBytes;
    progress.phaseStartedAt = new Date().toISOString();
    await save();
    const checked = await checkStagedRows(driver, job.id);
    rowsRejected += checked.rejected;
    errors = firstErrorsByLine([...errors, ...checked.errors]);
    progress.rowsValid = staged - checked.rejected;
    progress.timings.checking = seconds(progress.phaseStartedAt);

    if (dryRun || rowsRejected > 0) {
      await merger?.rollBack();
      nothingApplied();
      const status = rowsRejected > 0 && !dryRun ? "failed" : "validated";
      await save(prisma, { status, finished: true });
      return report(status, null);
    }

    progress.phase = "applying";
    progress.phaseStartedAt = new Date().toISOString();
    progress.rowsAppliedAtPhaseStart = rowsApplied;
    await save(prisma, { status: "applying" });
    if (!merger) {
      merger = startMerge(input.mergeChunk ?? Math.max(200_000, Math.ceil(staged / 10)));
      merger.push(1, staged + 1);
    }
    const summary = await merger.commit();
    rowsApplied = staged;
    progress.timings.applying = seconds(progress.phaseStartedAt);
    progress.phase = "done";
    progress.summary = summary;
    await save(prisma, { status: "applied", finished: true });
    return report("applied", summary);
  } catch (error) {
    await merger?.rollBack().catch(() => {});
    nothingApplied();
    errors = firstErrorsByLine([
      ...errors,
      { line: 0, field: null, reason: `nothing was applied: ${error instanceof AppError ? error.message : error instanceof Error ? error.message : String(error)}` },
    ]);
    await save(prisma, { status: "failed", finished: true }).catch(() => {});
    if (error instanceof AppError) return report("failed", null);
    throw error;
  } finally {
    await stager?.drop().catch(() => {});
  }
}

