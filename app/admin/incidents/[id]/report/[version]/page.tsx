import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { RegulatorReportView } from "@/components/admin/RegulatorReportView";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { getRegulatorReportVersion } from "@/lib/incidents/list-regulator-report-versions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Regulator summary (issued)" };

/** One issued version of the regulator summary, exactly as issued; printable. */
export default async function RegulatorReportVersionPage({ params }: { params: Promise<{ id: string; version: string }> }) {
  await requireStaffPage("reports:read");
  const { id, version } = await params;
  if (!z.uuid().safeParse(id).success || !/^\d{1,6}$/.test(version)) notFound();
  const issued = await getRegulatorReportVersion(await prisma(), id, Number(version)).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <div className="evidence">
      <p className="no-print">
        <Link href={`/admin/incidents/${id}/report`}>← Regulator summary</Link>
      </p>
      <h1>Regulator summary, version {issued.version}</h1>
      <p data-testid="issued">
        Issued {formatDateTime(issued.issuedAt)} by {issued.issuedBy}.
      </p>
      <RegulatorReportView report={issued.report} />
    </div>
  );
}
