import { randomInt } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { customerActor } from "../cases/customer-actor";
import type { Database } from "../db";
import { AppError } from "../errors";
import { resolveLookupToken } from "../lookup/resolve-lookup-token";
import { parseInput } from "../parse-input";
import { consumeRateLimits, ratePolicies } from "../rate-limit";
import { hashToken } from "../tokens";

export const claimRemedySchema = z.object({ ruleId: z.coerce.number().int().positive() });
export type ClaimRemedyInput = z.input<typeof claimRemedySchema>;

/** Crockford's base32 without I, L, O, U: read out over the phone, typed into billing. */
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** RM-XXXXX-XXXXX: 50 random bits, unique in the table (a clash, about 1 in 2,000 at 1,000,000 claims, is retried). */
export function newClaimReference(): string {
  const chars = Array.from({ length: 10 }, () => alphabet[randomInt(alphabet.length)]).join("");
  return `RM-${chars.slice(0, 5)}-${chars.slice(5)}`;
}

export const claimReferencePattern = /^RM-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/;

/**
 * The customer accepts a remedy they qualify for, from their private page: the claim gets
 * a reference for the billing system. Authorised by the page's token (an expired or
 * switched-off link is refused the way the page refuses it), rate limited per link,
 * audited as the customer. Accepting twice answers with the same reference.
 */
export async function claimRemedy(
  db: Pick<Database, "prisma" | "driver">,
  token: string,
  input: ClaimRemedyInput,
  options: { ip?: string | null; now?: Date } = {},
): Promise<{ ruleId: number; reference: string; alreadyClaimed: boolean }> {
  const link = await resolveLookupToken(db.prisma, token, options.now);
  const { ruleId } = parseInput(claimRemedySchema, input);
  const row = await db.prisma.remedyEligibility.findUnique({
    where: { ruleId_accountId: { ruleId, accountId: link.accountId } },
    select: { qualifies: true, claimReference: true, rule: { select: { incident: { select: { publishedAt: true } } } } },
  });
  if (row?.claimReference) return { ruleId, reference: row.claimReference, alreadyClaimed: true };
  if (!row || !row.qualifies || !row.rule.incident.publishedAt) {
    throw new AppError("NOT_FOUND", "Your account does not qualify for this offer.", { fields: { ruleId: "Not an offer your account qualifies for." } });
  }
  await consumeRateLimits(db.driver, [{ policy: ratePolicies.remedyClaimPerToken, key: hashToken(token).slice(0, 40) }]);
  for (let attempt = 1; ; attempt++) {
    const reference = newClaimReference();
    try {
      return await db.prisma.$transaction(async (tx) => {
        // Conditional: two tabs accepting at once give one claim (the loser reads the winner's reference).
        const claimed = await tx.remedyEligibility.updateMany({
          where: { ruleId, accountId: link.accountId, qualifies: true, claimedAt: null },
          data: { claimedAt: options.now ?? new Date(), claimReference: reference },
        });
        if (claimed.count === 0) {
          const now = await tx.remedyEligibility.findUnique({ where: { ruleId_accountId: { ruleId, accountId: link.accountId } }, select: { claimReference: true } });
          if (now?.claimReference) return { ruleId, reference: now.claimReference, alreadyClaimed: true };
          throw new AppError("NOT_FOUND", "Your account does not qualify for this offer.", { fields: { ruleId: "Not an offer your account qualifies for." } });
        }
        await recordAudit(tx, customerActor(link.accountId, options.ip), {
          action: "remedy.claim",
          targetType: "remedy_rule",
          targetId: ruleId,
          after: { accountId: link.accountId, reference },
        });
        return { ruleId, reference, alreadyClaimed: false };
      });
    } catch (error) {
      if (attempt < 3 && isReferenceClash(error)) continue;
      throw error;
    }
  }
}

function isReferenceClash(error: unknown): boolean {
  const e = error as { code?: string; meta?: { target?: unknown; driverAdapterError?: { cause?: { originalMessage?: string } } } };
  const text = JSON.stringify(e?.meta ?? {});
  return e?.code === "P2002" && text.includes("claim_reference");
}
