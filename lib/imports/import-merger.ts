import { recordAudit, type Actor } from "../audit/record-audit";
import type { Database, DbClient } from "../db";
import { emptyMergeSummary, mergeStagedRows, type MergeSummary } from "./merge-staged-rows";

/**
 * The one transaction an import commits in (run-import.ts feeds it): staged rows are
 * merged segment by segment while the file is still being read (PostgreSQL), or all at
 * once at the end (PGlite, one connection); a rejected row anywhere rolls it all back.
 */
export interface Merger {
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
export function startMerger(
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
