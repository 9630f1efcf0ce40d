import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../parse-input";
import { wholeIncidentTransaction } from "../remedies/save-remedy-rule";
import { getRegulatorReport } from "./get-regulator-report";

export const issueRegulatorReportSchema = z.object({ incidentId: z.uuid() });
export type IssueRegulatorReportInput = z.input<typeof issueRegulatorReportSchema>;

/**
 * Issues the regulator summary as it stands: the report computed from the records now,
 * kept as the next version (1, 2, ...) with who issued it and when. Earlier versions are
 * never changed: a re-issue adds one. Refused until "became aware at" is set (the
 * 72-hour clock has no start without it).
 */
export async function issueRegulatorReport(db: DbClient, principal: Principal, input: IssueRegulatorReportInput): Promise<{ version: number }> {
  authorize(principal.role, "reports:issue");
  const { incidentId } = parseInput(issueRegulatorReportSchema, input);
  return inTransaction(db, async (tx) => {
    // One issuer at a time per incident: the version numbers stay 1, 2, 3.
    await tx.$executeRawUnsafe(`SELECT 1 FROM "incident" WHERE "id" = $1::uuid FOR UPDATE`, incidentId);
    const report = await getRegulatorReport(tx, incidentId);
    if (!report.incident.awareAt) {
      throw new AppError("VALIDATION", "Set when the company became aware before issuing (the 72-hour clock starts there).", { fields: { awareAt: "Required before issuing." } });
    }
    const last = await tx.regulatorReportVersion.findFirst({ where: { incidentId }, orderBy: { version: "desc" }, select: { version: true } });
    const version = (last?.version ?? 0) + 1;
    const issuedAt = new Date();
    // The first version's own time is its clock: the snapshot says when it was issued.
    const snapshot = version === 1 ? withFirstIssue(report, issuedAt) : report;
    await tx.regulatorReportVersion.create({
      data: { incidentId, version, snapshot: snapshot as object, issuedById: principal.staffId, issuedBy: principal.actor.label, issuedAt },
    });
    await recordAudit(tx, principal.actor, {
      action: "regulator_report.issue",
      targetType: "incident",
      targetId: incidentId,
      after: { version, people: report.totals.people, records: report.totals.records },
    });
    return { version };
  }, wholeIncidentTransaction);
}

function withFirstIssue(report: Awaited<ReturnType<typeof getRegulatorReport>>, issuedAt: Date) {
  const aware = new Date(report.incident.awareAt!).getTime();
  const elapsed = issuedAt.getTime() - aware;
  return {
    ...report,
    clocks: {
      ...report.clocks,
      firstIssuedAt: issuedAt.toISOString(),
      hoursSinceAware: Math.round((elapsed / 3_600_000) * 10) / 10,
      firstIssuedInTime: elapsed <= 72 * 3_600_000,
    },
  };
}
