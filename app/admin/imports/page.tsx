import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { formatDateTime, formatInteger } from "@/lib/format";
import { formatBytes } from "@/lib/imports/format-bytes";
import { listImportJobs } from "@/lib/imports/get-import-job";
import { importColumns } from "@/lib/imports/import-format";

export const dynamic = "force-dynamic";

export default async function ImportsPage() {
  await requireStaffPage("imports:write");
  const jobs = await listImportJobs(await prisma());
  return (
    <main id="main" className="container">
      <h1>Import affected accounts</h1>
      <section className="card" aria-labelledby="upload">
        <h2 id="upload">Upload a CSV file</h2>
        <p>
          One row per account and data category, with the header <code>{importColumns.join(",")}</code>. The file is checked first
          (a dry run: nothing changes); you then commit it in one step. Importing the same file again changes nothing. Up to{" "}
          {formatBytes(env().IMPORT_MAX_BYTES)}; larger files go through <code>npm run cli -- import FILE</code>.
        </p>
        <form method="post" action="/api/admin/imports" encType="multipart/form-data">
          <label htmlFor="file">CSV file</label> <input id="file" name="file" type="file" accept=".csv,text/csv" required />{" "}
          <button type="submit">Upload and check</button>
        </form>
      </section>
      <section aria-labelledby="recent">
        <h2 id="recent">Recent imports</h2>
        {jobs.length === 0 ? (
          <p className="muted">No imports yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Started</th>
                  <th scope="col">Status</th>
                  <th scope="col">Rows read</th>
                  <th scope="col">Rejected</th>
                  <th scope="col">Applied</th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((job) => (
                  <tr key={job.id}>
                    <td>
                      <Link href={`/admin/imports/${job.id}`}>{job.fileName}</Link>
                    </td>
                    <td>{formatDateTime(job.createdAt)}</td>
                    <td>
                      {job.status}
                      {job.dryRun ? " (dry run)" : ""}
                    </td>
                    <td>{formatInteger(job.rowsRead)}</td>
                    <td>{formatInteger(job.rowsRejected)}</td>
                    <td>{formatInteger(job.rowsApplied)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
