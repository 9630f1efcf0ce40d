import type { Actor } from "../audit/record-audit";
import { ratePolicies, type RateCheck } from "../rate-limit";
import { hashToken } from "../tokens";

/** The audit actor for a customer acting through their private link. */
export function customerActor(accountId: number, ip: string | null | undefined): Actor {
  return { type: "customer", id: String(accountId), label: `customer (account ${accountId}, private link)`, ip: ip ?? null };
}

/** One link, and one account however many links it has: thousands of posts stop here, other customers are untouched. */
export function customerRateChecks(token: string, accountId: number): RateCheck[] {
  return [
    { policy: ratePolicies.caseMessagePerToken, key: hashToken(token).slice(0, 40) },
    { policy: ratePolicies.caseMessagePerAccount, key: String(accountId) },
  ];
}
