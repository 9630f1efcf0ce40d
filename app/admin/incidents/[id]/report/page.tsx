import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/admin/ActionForm";
import { RegulatorReportView } from "@/components/admin/RegulatorReportView";
import { roleHas } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { getRegulatorReport } from "@/lib/incidents/get-regulator-report";
import { listRegulatorReportVersions } from "@/lib/incidents/list-regulator-report-versions";
import { issueRegulatorReportAction, setIncidentAwarenessAction } from "../../report-actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Regulator summary" };

/** The regulator summary as the records say now, the issued versions, and (admins) the awareness fields and "issue". */
export default async function RegulatorReportPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaffPage("reports:read");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const db = await prisma();
  if (!(await db.incident.findUnique({ where: { id }, select: { id: true } }))) notFound();
  const [report, versions] = await Promise.all([getRegulatorReport(db, id), listRegulatorReportVersions(db, id)]);
  const canIssue = roleHas(staff.role, "reports:issue");
  return (
    <div className="evidence">
      <p className="no-print">
        <Link href={`/admin/incidents/${id}`}>← {report.incident.title}</Link>
      </p>
      <h1>Regulator summary</h1>
      <section className="card no-print" aria-labelledby="versions">
        <h2 id="versions">Issued versions</h2>
        {versions.length === 0 ? <p>None issued yet.</p> : null}
        <ol data-testid="report-versions">
          {versions.map((v) => (
            <li key={v.version}>
              <Link href={`/admin/incidents/${id}/report/${v.version}`}>Version {v.version}</Link> · issued {formatDateTime(v.issuedAt)} by {v.issuedBy}
            </li>
          ))}
        </ol>
        {canIssue ? (
          <ActionForm action={issueRegulatorReportAction} submitLabel={versions.length === 0 ? "Issue version 1" : `Issue version ${versions.length + 1}`}>
            <input type="hidden" name="incidentId" value={id} />
            <p>Issuing keeps the figures below as they are now; later changes go into a new version.</p>
          </ActionForm>
        ) : null}
      </section>
      {canIssue ? (
        <section className="card no-print" aria-labelledby="awareness">
          <h2 id="awareness">Became aware, and contact point</h2>
          <ActionForm action={setIncidentAwarenessAction} submitLabel="Save">
            <input type="hidden" name="incidentId" value={id} />
            <p>
              <label htmlFor="awareAt">Became aware at (UTC)</label>{" "}
              <input id="awareAt" name="awareAt" type="datetime-local" required defaultValue={report.incident.awareAt?.slice(0, 16) ?? ""} />
            </p>
            <p>
              <label htmlFor="dpoContact">Contact point (DPO: name, email, phone)</label>
              <br />
              <textarea id="dpoContact" name="dpoContact" rows={3} cols={60} required maxLength={1000} defaultValue={report.incident.dpoContact} />
            </p>
          </ActionForm>
        </section>
      ) : null}
      <p className="notice no-print">Below: the report as the records say now (not yet issued as it stands).</p>
      <RegulatorReportView report={report} />
    </div>
  );
}
