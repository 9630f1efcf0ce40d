import { createReadStream, statSync } from "node:fs";
import { recordAudit, type Actor } from "../audit/record-audit";
import type { Database, DbClient } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { checkStagedRows } from "./check-staged-rows";
import { emptyMergeSummary, mergeStagedRows, type MergeSummary } from "./merge-staged-rows";
import { firstErrorsByLine, ImportFileError, maxReportedErrors, type ImportError } from "./read-csv-file";
import { readImportFile } from "./read-import-file";
import { createStager, type Stager } from "./stage-import-rows";

/**
 * Runs one import job over its stored file: read + validate every row (streamed),
 * stage the valid ones, run the whole-file checks, and then either stop (dry run, or
 * any row rejected) or merge everything in ONE transaction. The import_job row is the
 * source of truth for the progress bar: rows read, rows applied, bytes read, phase.
 * A failure at any point leaves the real tables untouched.
 */
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
  summary: MergeSummary | null;
}

export interface RunImportInput {
  jobId: string;
  filePath: string;
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
  const fileBytes = statSync(input.filePath).size;
  const dryRun = !input.commit;

  const progress: ImportProgress = { phase: "reading", fileBytes, bytesRead: 0, phaseStartedAt: new Date().toISOString() };
  let rowsRead = 0;
  let rowsRejected = 0;
  let rowsApplied = 0;
  let errors: ImportError[] = [];
  const save = async (client: Pick<DbClient, "importJob"> = prisma, extra: { status?: "validating" | "validated" | "applying" | "applied" | "failed"; finished?: boolean } = {}) => {
    await client.importJob.update({
      where: { id: job.id },
      data: {
        rowsRead,
        rowsRejected,
        rowsApplied,
        errors: errors as object[],
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
    summary,
  });

  await prisma.importJob.update({ where: { id: job.id }, data: { finishedAt: null } });
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
      for await (const item of readImportFile(createReadStream(input.filePath), {
        categories: categoryIds,
        onBytes: (b) => (progress.bytesRead = b),
      })) {
        rowsRead++;
        if (item.kind === "row") {
          await stager.add(item.line, item.row);
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

interface Merger {
  /** Staged rows seq in [from, to) are ready to merge (called in order). */
  push: (from: number, to: number) => void;
  /** Stop merging: the transaction will roll back (call rollBack to wait for it). */
  abort: () => void;
  /** Waits until the transaction has rolled back (or never started a change). */
  rollBack: () => Promise<void>;
  /** No more segments: merge what is left, audit, commit. Rejects if any merge failed. */
  commit: () => Promise<MergeSummary>;
}

class MergeAborted extends Error {}

/**
 * The one transaction an import commits in, fed segment by segment. It merges each
 * segment in chunks (progress after each), then waits for the verdict: commit (audit
 * entry, COMMIT) or roll back.
 */
function startMerger(
  db: Database,
  input: {
    jobId: string;
    incidentId: string;
    actor: Actor;
    auditActor: Actor;
    fileName: string;
    chunk: number;
    coalesceSeconds: number;
    onProgress: (client: Pick<DbClient, "importJob">, rowsApplied: number, summary: MergeSummary) => Promise<void>;
  },
): Merger {
  const { prisma, driver } = db;
  const ranges: { from: number; to: number }[] = [];
  let verdict: "commit" | "abort" | null = null;
  const aborted = () => verdict === "abort";
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const waitForSignal = () => new Promise<void>((resolve) => (wake = resolve));
  const note = `import ${input.fileName}`;

  const done = prisma.$transaction(
    async (tx) => {
      const total = emptyMergeSummary();
      let merged = 0;
      for (;;) {
        if (aborted()) throw new MergeAborted();
        const range = ranges.shift();
        if (!range) {
          if (verdict === "commit") break;
          await waitForSignal();
          continue;
        }
        for (let from = range.from; from < range.to; from += input.chunk) {
          if (aborted()) throw new MergeAborted();
          const to = Math.min(range.to, from + input.chunk);
          const part = await mergeStagedRows(tx, { jobId: input.jobId, incidentId: input.incidentId, from, to, actor: input.actor, note, coalesceSeconds: input.coalesceSeconds });
          for (const key of Object.keys(total) as (keyof MergeSummary)[]) total[key] += part[key];
          merged = to - 1;
          // PGlite has one connection, held by this transaction: report progress through it.
          await input.onProgress(driver.kind === "pglite" ? tx : prisma, merged, { ...total });
        }
      }
      await recordAudit(tx, input.auditActor, {
        action: "import.commit",
        targetType: "import_job",
        targetId: input.jobId,
        after: { fileName: input.fileName, rows: merged, ...total },
      });
      return total;
    },
    { timeout: 6 * 3_600_000, maxWait: 60_000 },
  );
  // Observed by commit() or rollBack(); never an unhandled rejection meanwhile.
  done.catch(() => {});

  return {
    push: (from, to) => {
      ranges.push({ from, to });
      signal();
    },
    abort: () => {
      verdict ??= "abort";
      signal();
    },
    rollBack: async () => {
      verdict ??= "abort";
      signal();
      await done.catch((error: unknown) => {
        if (!(error instanceof MergeAborted)) throw error;
      });
    },
    commit: async () => {
      verdict ??= "commit";
      signal();
      return done;
    },
  };
}
