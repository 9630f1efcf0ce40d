import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { RegulatorReport } from "./get-regulator-report";

export interface RegulatorReportVersionSummary {
  version: number;
  issuedAt: Date;
  issuedBy: string;
}

/** Every issued version of an incident's regulator summary, oldest first (what was sent, and when). */
export async function listRegulatorReportVersions(db: DbClient, incidentId: string): Promise<RegulatorReportVersionSummary[]> {
  return db.regulatorReportVersion.findMany({ where: { incidentId }, orderBy: { version: "asc" }, select: { version: true, issuedAt: true, issuedBy: true } });
}

/** One issued version, exactly as issued. */
export async function getRegulatorReportVersion(db: DbClient, incidentId: string, version: number): Promise<RegulatorReportVersionSummary & { report: RegulatorReport }> {
  const row = await db.regulatorReportVersion.findUnique({ where: { incidentId_version: { incidentId, version } } });
  if (!row) throw new AppError("NOT_FOUND", `No version ${version} of this report.`);
  return { version: row.version, issuedAt: row.issuedAt, issuedBy: row.issuedBy, report: row.snapshot as unknown as RegulatorReport };
}
