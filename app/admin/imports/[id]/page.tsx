import Link from "next/link";
import { ActionForm } from "@/components/admin/ActionForm";
import { notFound } from "next/navigation";
import { FileErrorTable } from "@/components/admin/FileErrorTable";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatAge, formatDateTime, formatInteger } from "@/lib/format";
import { getImportJob } from "@/lib/imports/get-import-job";
import { commitImportAction } from "../actions";

export const dynamic = "force-dynamic";

const phaseLabel: Record<string, string> = {
  reading: "Reading and checking rows",
  checking: "Checking the whole file (duplicates, conflicting details)",
  applying: "Applying",
  done: "Finished",
};

/**
 * The progress page reads only the import_job row, so it survives a reload; while the
 * job runs it refreshes itself every two seconds (no JavaScript needed).
 */
export default async function ImportJobPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffPage("imports:write");
  const { id } = await params;
  const job = await getImportJob(await prisma(), id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const phase = job.progress.phase ?? (job.active ? "reading" : "done");
  const summary = job.progress.summary;
  const valid = job.rowsRead - job.rowsRejected;
  const heading = job.active
    ? job.dryRun
      ? "Checking the file"
      : "Importing"
    : job.status === "applied"
      ? "Imported"
      : job.status === "failed"
        ? job.dryRun
          ? "The file cannot be imported"
          : "Nothing was imported"
        : job.rowsRejected > 0
          ? "The file has errors"
          : "Ready to import";

  return (
    <main id="main" className="container">
      {job.active ? <meta httpEquiv="refresh" content="2" /> : null}
      <p>
        <Link href="/admin/imports">Imports</Link>
      </p>
      <h1>{heading}</h1>
      <p className="muted">
        {job.fileName} · into “{job.incidentTitle}” · started {formatDateTime(job.createdAt)}
        {job.finishedAt ? ` · finished ${formatDateTime(job.finishedAt)}` : ""}
      </p>

      {job.takenOver ? (
        <p className="notice" data-testid="taken-over">
          The instance running this import stopped; another took it over and ran it again from the start (attempt {job.takenOver}). Nothing of the
          stopped attempt was applied.
        </p>
      ) : null}
      <section className="card" aria-labelledby="progress-heading" data-status={job.status}>
        <h2 id="progress-heading">{phaseLabel[phase] ?? phase}</h2>
        <progress id="import-progress" max={100} value={job.percent} aria-label="Import progress">
          {job.percent}%
        </progress>{" "}
        <span>{job.percent}%</span>
        {job.etaSeconds !== null ? <span className="muted"> · about {formatAge(job.etaSeconds)} left</span> : null}
        <dl>
          <dt>Rows read</dt>
          <dd data-testid="rows-read">{formatInteger(job.rowsRead)}</dd>
          <dt>Rows rejected</dt>
          <dd data-testid="rows-rejected">{formatInteger(job.rowsRejected)}</dd>
          <dt>Rows applied</dt>
          <dd data-testid="rows-applied">{formatInteger(job.rowsApplied)}</dd>
          {job.rowsWarned > 0 ? (
            <>
              <dt>Rows with a warning</dt>
              <dd data-testid="rows-warned">{formatInteger(job.rowsWarned)}</dd>
            </>
          ) : null}
        </dl>
        {summary ? (
          <p>
            Accounts created {formatInteger(summary.accountsCreated)}, updated {formatInteger(summary.accountsUpdated)}; impacts created{" "}
            {formatInteger(summary.impactsCreated)}; states changed {formatInteger(summary.statesChanged)}; restore emails queued{" "}
            {formatInteger(summary.emailsQueued)}.
          </p>
        ) : null}
        {job.canCommit ? (
          <ActionForm action={commitImportAction} submitLabel="Commit import">
            <input type="hidden" name="jobId" value={job.id} />
            <p>
              All {formatInteger(valid)} rows are valid. Committing applies them in one transaction: all of them or none.
            </p>
          </ActionForm>
        ) : null}
      </section>

      {job.errors.length > 0 ? (
        <section className="card" aria-labelledby="errors">
          <h2 id="errors">
            {job.rowsRejected > job.errors.length ? `First ${job.errors.length} of ${formatInteger(job.rowsRejected)} errors` : "Errors"}
          </h2>
          <p>Nothing from this file has been applied. Fix these rows and upload the file again.</p>
          <FileErrorTable errors={job.errors} />
        </section>
      ) : null}

      {job.warnings.length > 0 ? (
        <section className="card" aria-labelledby="warnings">
          <h2 id="warnings">
            {job.rowsWarned > job.warnings.length ? `First ${job.warnings.length} of ${formatInteger(job.rowsWarned)} warnings` : "Warnings"}
          </h2>
          <p>These rows are imported with the default shown: check them before you commit.</p>
          <FileErrorTable errors={job.warnings} />
        </section>
      ) : null}
    </main>
  );
}
