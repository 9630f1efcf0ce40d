import { recordAudit } from "../audit/record-audit";
import type { Database } from "../db";
import { AppError } from "../errors";
import { resolveLookupToken } from "../lookup/resolve-lookup-token";
import { parseInput } from "../parse-input";
import { consumeRateLimits } from "../rate-limit";
import { caseAnswerSchema, type CaseAnswerInput } from "./case-schemas";
import { customerActor, customerRateChecks } from "./customer-actor";

/**
 * The customer answers on one of their cases from the private page. The case goes back
 * to "open" (support's turn), also when it had been resolved: the customer says it is not.
 */
export async function answerCase(
  db: Pick<Database, "prisma" | "driver">,
  token: string,
  input: CaseAnswerInput,
  options: { ip?: string | null; now?: Date } = {},
): Promise<{ caseId: number }> {
  const link = await resolveLookupToken(db.prisma, token, options.now);
  const answer = parseInput(caseAnswerSchema, input);
  const found = await db.prisma.supportCase.findUnique({ where: { id: answer.caseId }, select: { accountId: true, state: true } });
  // Another account's case is as unknown as a case that does not exist.
  if (!found || found.accountId !== link.accountId) throw new AppError("NOT_FOUND", "No such case on this account.");
  await consumeRateLimits(db.driver, customerRateChecks(token, link.accountId));
  await db.prisma.$transaction(async (tx) => {
    await tx.caseMessage.create({ data: { caseId: answer.caseId, kind: "customer", body: answer.body } });
    await tx.supportCase.update({ where: { id: answer.caseId }, data: { state: "open", resolvedAt: null } });
    await recordAudit(tx, customerActor(link.accountId, options.ip), {
      action: "case.answer",
      targetType: "support_case",
      targetId: answer.caseId,
      before: { state: found.state },
      after: { state: "open" },
    });
  });
  return { caseId: answer.caseId };
}
