import { recordAudit } from "../audit/record-audit";
import type { Database } from "../db";
import { AppError } from "../errors";
import { resolveLookupToken } from "../lookup/resolve-lookup-token";
import { parseInput } from "../parse-input";
import { consumeRateLimits } from "../rate-limit";
import { caseReportSchema, type CaseReportInput } from "./case-schemas";
import { customerActor, customerRateChecks } from "./customer-actor";

/**
 * "Something is missing" from the private account page: opens a support case for one
 * category of the account, with the customer's words as its first message. Authorised by
 * the page's token (an expired or switched-off link is refused the way the page refuses
 * it), rate limited per link and per account, audited as the customer.
 */
export async function reportMissingData(
  db: Pick<Database, "prisma" | "driver">,
  token: string,
  input: CaseReportInput,
  options: { ip?: string | null; now?: Date } = {},
): Promise<{ caseId: number }> {
  const link = await resolveLookupToken(db.prisma, token, options.now);
  const report = parseInput(caseReportSchema, input);
  const impact = await db.prisma.impact.findUnique({
    where: { accountId_categoryId: { accountId: link.accountId, categoryId: report.categoryId } },
    select: { incidentId: true, state: true, itemsRestored: true, itemsTotal: true, incident: { select: { publishedAt: true } } },
  });
  if (!impact || !impact.incident.publishedAt) {
    throw new AppError("VALIDATION", "This kind of data is not part of your account's recovery.", { fields: { categoryId: "Not one of your account's categories." } });
  }
  // Charged after the form is checked: a typo costs the customer nothing.
  await consumeRateLimits(db.driver, customerRateChecks(token, link.accountId));
  return db.prisma.$transaction(async (tx) => {
    const created = await tx.supportCase.create({
      data: {
        incidentId: impact.incidentId,
        accountId: link.accountId,
        categoryId: report.categoryId,
        missing: report.missing,
        itemsExpected: report.itemsExpected ?? null,
        contact: report.contact,
        messages: { create: { kind: "report", body: report.details || report.missing } },
      },
      select: { id: true },
    });
    await recordAudit(tx, customerActor(link.accountId, options.ip), {
      action: "case.report",
      targetType: "support_case",
      targetId: created.id,
      after: {
        accountId: link.accountId,
        categoryId: report.categoryId,
        itemsExpected: report.itemsExpected ?? null,
        // What the records said when the customer wrote.
        recorded: { state: impact.state, itemsRestored: impact.itemsRestored, itemsTotal: impact.itemsTotal },
      },
    });
    return { caseId: created.id };
  });
}

