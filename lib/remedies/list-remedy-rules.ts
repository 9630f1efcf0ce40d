import type { DbClient } from "../db";
import { parseRemedyCondition, remedyPredicateSql } from "./remedy-condition";

/**
 * An incident's remedy rules with how many accounts qualify now and how many claimed,
 * read from the stored eligibility (lib/remedies/refresh-remedy-eligibility.ts keeps it):
 * one grouped count, never a re-evaluation. countQualifying is the recount from the
 * impacts (tests compare the two).
 */
export interface RemedyRuleWithCount {
  id: number;
  name: string;
  condition: string;
  offer: string;
  /** Name and offer in other languages than the incident's default. */
  translations: { locale: string; name: string; offer: string }[];
  qualifying: number;
  claimed: number;
  announced: number;
  /** Set when the condition no longer parses (a category was removed). */
  problem: string | null;
}

export async function listRemedyRules(db: DbClient, incidentId: string): Promise<RemedyRuleWithCount[]> {
  const [rules, categories, counts] = await Promise.all([
    db.remedyRule.findMany({ where: { incidentId }, orderBy: { id: "asc" }, include: { translations: { orderBy: { locale: "asc" }, select: { locale: true, name: true, offer: true } } } }),
    db.dataCategory.findMany({ where: { incidentId }, select: { id: true, key: true } }),
    db.$queryRawUnsafe<{ rule_id: number; qualifying: number; claimed: number; announced: number }[]>(
      `SELECT e."rule_id", (count(*) FILTER (WHERE e."qualifies"))::int AS "qualifying", count(e."claimed_at")::int AS "claimed", count(e."announced_at")::int AS "announced"
       FROM "remedy_eligibility" e JOIN "remedy_rule" r ON r."id" = e."rule_id" WHERE r."incident_id" = $1::uuid GROUP BY e."rule_id"`,
      incidentId,
    ),
  ]);
  const byRule = new Map(counts.map((c) => [c.rule_id, c]));
  return rules.map((rule) => {
    let problem: string | null = null;
    try {
      parseRemedyCondition(rule.condition, categories);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    const c = byRule.get(rule.id);
    return { id: rule.id, name: rule.name, condition: rule.condition, offer: rule.offer, translations: rule.translations, qualifying: c?.qualifying ?? 0, claimed: c?.claimed ?? 0, announced: c?.announced ?? 0, problem };
  });
}

/** The recount from the impacts: accounts one of whose impacts meets the condition now. */
export async function countQualifying(db: DbClient, incidentId: string, clauses: Parameters<typeof remedyPredicateSql>[0]): Promise<number> {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(DISTINCT im."account_id")::int AS "n" FROM "impact" im WHERE im."incident_id" = $1::uuid AND ${remedyPredicateSql(clauses)}`,
    incidentId,
  );
  return row?.n ?? 0;
}
