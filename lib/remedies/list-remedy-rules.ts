import type { DbClient } from "../db";
import { parseRemedyCondition, remedyPredicateSql } from "./remedy-condition";

/**
 * An incident's remedy rules with how many accounts qualify now: one grouped count over
 * the incident's impacts per rule (count of distinct accounts with an impact meeting the
 * condition), read when staff look, on the impact indexes; never on a customer's page view.
 */
export interface RemedyRuleWithCount {
  id: number;
  name: string;
  condition: string;
  offer: string;
  qualifying: number;
  /** Set when the condition no longer parses (a category was removed). */
  problem: string | null;
}

export async function listRemedyRules(db: DbClient, incidentId: string): Promise<RemedyRuleWithCount[]> {
  const [rules, categories] = await Promise.all([
    db.remedyRule.findMany({ where: { incidentId }, orderBy: { id: "asc" } }),
    db.dataCategory.findMany({ where: { incidentId }, select: { id: true, key: true } }),
  ]);
  const out: RemedyRuleWithCount[] = [];
  for (const rule of rules) {
    let qualifying = 0;
    let problem: string | null = null;
    try {
      qualifying = await countQualifying(db, incidentId, parseRemedyCondition(rule.condition, categories));
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    out.push({ id: rule.id, name: rule.name, condition: rule.condition, offer: rule.offer, qualifying, problem });
  }
  return out;
}

export async function countQualifying(db: DbClient, incidentId: string, clauses: Parameters<typeof remedyPredicateSql>[0]): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(DISTINCT im."account_id")::int AS "n" FROM "impact" im WHERE im."incident_id" = $1::uuid AND ${remedyPredicateSql(clauses)}`,
    incidentId,
  );
  return row?.n ?? 0;
}
