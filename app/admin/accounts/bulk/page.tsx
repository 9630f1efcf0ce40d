import Link from "next/link";
import { ActionForm } from "@/components/admin/ActionForm";
import { FileErrorTable } from "@/components/admin/FileErrorTable";
import { bulkFilterSchema, countBulkChange } from "@/lib/accounts/bulk-change-state";
import { canConfirm, getStateChangeUpload, type StoredStateChangeUpload } from "@/lib/accounts/state-change-uploads";
import { stateChangeColumns } from "@/lib/accounts/state-change-file";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { database, prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { pageOutcome } from "@/lib/http/page-outcome";
import { formatBytes } from "@/lib/imports/format-bytes";
import { formatDateTime, formatInteger } from "@/lib/format";
import type { ImpactState } from "@/lib/generated/prisma/enums";
import { impactStates, staffStateLabel } from "@/lib/restores/impact-states";
import { listIncidentsForConsole } from "@/lib/incidents/list-incidents";
import { bulkChangeStateAction, confirmStateChangeFileAction } from "../actions";

export const dynamic = "force-dynamic";

const states = impactStates;

/**
 * Two ways, each in two steps. By filter: step 1 (GET with a filter) counts the accounts
 * it matches; step 2 (the confirmation form, which carries that count) changes them,
 * refused if the count has moved. By CSV file: step 1 (the upload route) stores and checks
 * the file and comes back here with ?file=<id>; step 2 (the confirmation form, which
 * carries the number of rows that would change) applies it, refused if that has moved.
 */
export default async function BulkChangePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaffPage("accounts:write");
  const q = await searchParams;
  const text = (k: string) => (typeof q[k] === "string" ? (q[k] as string) : "");
  const db = await prisma();
  const categories = await db.dataCategory.findMany({ orderBy: [{ incident: { startedAt: "desc" } }, { position: "asc" }], select: { key: true, label: true }, distinct: ["key"] });
  const toState = states.includes(text("toState") as ImpactState) ? text("toState") : "restoring";
  const filter = bulkFilterSchema.safeParse({ categoryKey: text("categoryKey"), fromState: text("fromState") });
  const incidents = await listIncidentsForConsole(db);
  const uploaded = text("file") ? await pageOutcome(getStateChangeUpload(await database(), text("file"))) : null;
  const upload = uploaded?.value ?? null;
  const uploadMissing = uploaded?.error ?? null;
  const counted = filter.success && !text("done") ? await pageOutcome(countBulkChange(db, filter.data)) : null;
  const preview = counted?.value ?? null;
  const previewError = counted?.error ?? null;
  return (
    <main id="main" className="container">
      <p>
        <Link href="/admin/accounts">Accounts</Link>
      </p>
      <h1>Change many accounts at once</h1>
      {text("done") ? (
        <p className="notice" role="status">
          Done: {formatInteger(Number(text("done")))} accounts changed, each with its own history entry.
        </p>
      ) : null}
      <h2 id="by-filter">By filter</h2>
      <form method="get" action="/admin/accounts/bulk" className="card" aria-labelledby="by-filter">
        <p>
          <label htmlFor="categoryKey">Category</label>{" "}
          <select id="categoryKey" name="categoryKey" defaultValue={text("categoryKey")}>
            {categories.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>{" "}
          <label htmlFor="fromState">now in state</label>{" "}
          <select id="fromState" name="fromState" defaultValue={text("fromState") || "pending"}>
            {states.map((s) => (
              <option key={s} value={s}>
                {staffStateLabel(s)}
              </option>
            ))}
          </select>{" "}
          <label htmlFor="toState">move to</label>{" "}
          <select id="toState" name="toState" defaultValue={toState}>
            {states.map((s) => (
              <option key={s} value={s}>
                {staffStateLabel(s)}
              </option>
            ))}
          </select>{" "}
          <button type="submit">Count accounts</button>
        </p>
      </form>
      {previewError ? <p className="notice">{previewError}</p> : null}
      {preview ? (
        <ActionForm
          action={bulkChangeStateAction}
          className="card"
          submitLabel={`Change ${formatInteger(preview.count)} accounts`}
          disabled={preview.count === 0 || toState === preview.fromState}
        >
          <h3>Confirm</h3>
          <p>
            <strong>{formatInteger(preview.count)}</strong> accounts have {preview.category.label.toLowerCase()} in state {staffStateLabel(preview.fromState)}. They
            will move to {staffStateLabel(toState)}.
          </p>
          <input type="hidden" name="incidentId" value={preview.category.incidentId} />
          <input type="hidden" name="categoryKey" value={preview.category.key} />
          <input type="hidden" name="fromState" value={preview.fromState} />
          <input type="hidden" name="toState" value={toState} />
          <input type="hidden" name="expectedCount" value={preview.count} />
          <p>
            <label htmlFor="note">Note (shown in each account&apos;s history)</label>{" "}
            <input id="note" name="note" required maxLength={1000} size={50} />
          </p>
        </ActionForm>
      ) : null}

      <h2 id="by-file">By CSV file</h2>
      {text("fileError") ? (
        <p className="notice" role="alert">
          {text("fileError")}
        </p>
      ) : null}
      {text("fileDone") ? (
        <p className="notice" role="status">
          Done: {formatInteger(Number(text("fileDone")))} rows of {text("fileName")} applied, each with its own history entry;{" "}
          {formatInteger(Number(text("fileEmails")))} restore emails queued.
        </p>
      ) : null}
      {uploadMissing && !text("fileError") ? <p className="notice">{uploadMissing}</p> : null}
      <form method="post" action="/api/admin/accounts/bulk" encType="multipart/form-data" className="card" aria-labelledby="by-file">
        <p>
          One row per account and data category, with the header <code>{stateChangeColumns.join(",")}</code> (the last three may be
          left out or blank). The file is checked first: nothing changes until you confirm. Up to {formatBytes(env().IMPORT_MAX_BYTES)}.
        </p>
        <p>
          <label htmlFor="incidentId">Incident</label>{" "}
          <select id="incidentId" name="incidentId" defaultValue={upload?.incident.id ?? incidents[0]?.id}>
            {incidents.map((i) => (
              <option key={i.id} value={i.id}>
                {i.title}
              </option>
            ))}
          </select>{" "}
          <label htmlFor="file">CSV file</label> <input id="file" name="file" type="file" accept=".csv,text/csv" required />{" "}
          <button type="submit">Upload and check</button>
        </p>
      </form>
      {upload ? <FileCheck upload={upload} /> : null}
    </main>
  );
}

/** What the file's job is doing or did: applying (taken over?), applied, refused, failed. */
function FileJob({ upload }: { upload: StoredStateChangeUpload }) {
  const { job } = upload;
  const outcome = job.outcome;
  const takenOver = job.takenOver ? ` The instance that started it stopped; another took it over (attempt ${job.attempts}).` : "";
  if (job.running) {
    return (
      <p className="notice" role="status" data-testid="file-job">
        {upload.report.checkedAt ? "Applying this file" : "Checking this file"} now: nothing of it shows until it is done (all or none). Reload this page to see
        the result.{takenOver}
      </p>
    );
  }
  if (job.status === "applied" && outcome?.status === "done") {
    return (
      <p className="notice" role="status" data-testid="file-job">
        Applied{job.finishedAt ? ` ${formatDateTime(job.finishedAt.toISOString())}` : ""}: {formatInteger(Number(outcome.applied))} rows changed,{" "}
        {formatInteger(Number(outcome.emailsQueued))} restore emails queued.{takenOver}
      </p>
    );
  }
  if (outcome && outcome.status !== "done") {
    return (
      <p className="notice" role="alert" data-testid="file-job">
        {outcome.status === "failed" ? "Failed: " : "Not applied: "}
        {outcome.message}
        {takenOver}
      </p>
    );
  }
  return null;
}

function FileCheck({ upload }: { upload: StoredStateChangeUpload }) {
  const { report } = upload;
  return (
    <section id="file-check" className="card" aria-labelledby="file-check-heading">
      <h3 id="file-check-heading">Check of {upload.fileName}</h3>
      <FileJob upload={upload} />
      <p className="muted">
        For “{upload.incident.title}” · uploaded by {upload.uploadedBy} · checked {formatDateTime(report.checkedAt)}
      </p>
      <dl>
        <dt>Rows read</dt>
        <dd data-testid="file-rows-read">{formatInteger(report.rowsRead)}</dd>
        <dt>Would change</dt>
        <dd data-testid="file-would-change">{formatInteger(report.wouldChange)}</dd>
        <dt>Already in that state (unchanged)</dt>
        <dd data-testid="file-unchanged">{formatInteger(report.unchanged)}</dd>
        <dt>Rejected</dt>
        <dd data-testid="file-rejected">{formatInteger(report.rejected)}</dd>
      </dl>
      {report.errors.length > 0 ? (
        <>
          <h4>{report.rejected > report.errors.length ? `First ${report.errors.length} of ${formatInteger(report.rejected)} errors` : "Errors"}</h4>
          <p>Nothing from this file can be applied until every row is accepted. Fix these rows and upload the file again.</p>
          <FileErrorTable errors={report.errors} />
        </>
      ) : null}
      {canConfirm(report) && upload.job.status === "checked" && !upload.job.running ? (
        <ActionForm action={confirmStateChangeFileAction} submitLabel={`Apply ${formatInteger(report.wouldChange)} changes`}>
          <input type="hidden" name="uploadId" value={upload.id} />
          <input type="hidden" name="expectedChanges" value={report.wouldChange} />
          <input type="hidden" name="expectedDigest" value={report.wouldChangeDigest} />
          <p>
            Confirming applies all {formatInteger(report.wouldChange)} changes in one transaction (all or none), each with a history
            entry and a restore email by the usual rule.
          </p>
          <p>
            <label htmlFor="fileNote">Note for rows without one (shown in each account&apos;s history)</label>{" "}
            <input id="fileNote" name="note" required maxLength={1000} size={50} />
          </p>
        </ActionForm>
      ) : report.rejected === 0 && !report.unreadable ? (
        <p>Nothing to change: every row is already in the state it names.</p>
      ) : null}
    </section>
  );
}
