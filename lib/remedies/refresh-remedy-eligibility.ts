import { z } from "zod";
import type { SqlClient } from "../db";
import { parseRemedyCondition, remedyPredicateSql } from "./remedy-condition";

/**
 * Keeps remedy_eligibility true to the records, set-based, from the three places that
 * change what a rule sees: applyStateChanges (the accounts it changed), an import's new
 * impacts (the accounts it inserted) and a rule being saved (every account of its
 * incident). One statement per call whatever its size; never on a customer's page view
 * (the page reads the table: one indexed join in getAccountStatus).
 *
 * A row is inserted the first time an account qualifies for a rule; "qualifies" then
 * follows the records (false when a later change takes the account out, true again when
 * it comes back). The row keeps its announcement (the restore email that told the
 * customer, once) and its claim whatever happens later.
 *
 * Called after the statement that changed the impacts, in the same transaction: it reads
 * the impacts as they are now (a CTE of the changing statement would see them as before).
 */
interface LoadedRule {
  id: number;
  incidentId: string;
  predicate: string;
}

const uuidSql = (id: string) => {
  if (!z.uuid().safeParse(id).success) throw new Error(`not a uuid: ${id}`);
  return `'${id}'::uuid`;
};

/**
 * The rules of the given incidents (or of the incidents of the given categories), each
 * with its condition as SQL. A rule whose condition no longer parses (a category was
 * renamed) is left as it is: its page says why (listRemedyRules).
 */
async function loadRules(db: SqlClient, scope: { incidentIds?: string[]; categoryIds?: number[]; ruleId?: number }): Promise<LoadedRule[]> {
  const rows = await db.$queryRawUnsafe<{ id: number; incident_id: string; condition: string; categories: { id: number; key: string }[] }[]>(
    `SELECT r."id", r."incident_id"::text, r."condition",
            (SELECT coalesce(json_agg(json_build_object('id', c."id", 'key', c."key")), '[]'::json) FROM "data_category" c WHERE c."incident_id" = r."incident_id") AS "categories"
     FROM "remedy_rule" r
     WHERE r."incident_id" = ANY($1::uuid[])
        OR r."incident_id" IN (SELECT c."incident_id" FROM "data_category" c WHERE c."id" = ANY($2::int[]))
        OR r."id" = $3::int
     ORDER BY r."id"`,
    scope.incidentIds ?? [],
    scope.categoryIds ?? [],
    scope.ruleId ?? null,
  );
  const rules: LoadedRule[] = [];
  for (const r of rows) {
    try {
      rules.push({ id: r.id, incidentId: r.incident_id, predicate: remedyPredicateSql(parseRemedyCondition(r.condition, r.categories)) });
    } catch {
      // Not evaluable any more: its eligibility stays as last computed.
    }
  }
  return rules;
}

export interface RefreshResult {
  /** Rows that started to qualify (inserted, or back to qualifying). */
  qualified: number;
  /** Rows that stopped qualifying. */
  dropped: number;
}

const nothing: RefreshResult = { qualified: 0, dropped: 0 };

/**
 * The statement shared by both scopes: "verdict" has a row (rule_id, account_id, q) for
 * every pair looked at; qualifying pairs are inserted or switched on, the others switched
 * off where they were on. Disjoint row sets, so one statement.
 */
async function writeVerdicts(db: SqlClient, verdictSql: string, params: unknown[]): Promise<RefreshResult> {
  const [row] = await db.$queryRawUnsafe<{ qualified: number; dropped: number }[]>(
    `WITH "verdict" AS MATERIALIZED (${verdictSql}),
     "on" AS (
       INSERT INTO "remedy_eligibility" AS e ("rule_id", "account_id", "qualifies", "qualified_at")
       SELECT v."rule_id", v."account_id", true, now() FROM "verdict" v WHERE v."q"
       ON CONFLICT ("rule_id", "account_id") DO UPDATE SET "qualifies" = true, "qualified_at" = now() WHERE NOT e."qualifies"
       RETURNING 1
     ), "off" AS (
       UPDATE "remedy_eligibility" e SET "qualifies" = false
       FROM "verdict" v WHERE NOT v."q" AND e."rule_id" = v."rule_id" AND e."account_id" = v."account_id" AND e."qualifies"
       RETURNING 1
     )
     SELECT (SELECT count(*)::int FROM "on") AS "qualified", (SELECT count(*)::int FROM "off") AS "dropped"`,
    ...params,
  );
  const result = { qualified: row?.qualified ?? 0, dropped: row?.dropped ?? 0 };
  await keepStatisticsCurrent(db, result.qualified);
  return result;
}

/**
 * Every private page reads remedy_eligibility through a prepared statement (getAccountStatus,
 * decision 045), and PostgreSQL keeps a prepared statement's generic plan until the statistics
 * of a table it reads change. Planned while the table was empty, that plan scans the table: a
 * rule saved over a million accounts made every page read all million rows (82 ms a page on
 * the bench database, against 0.2 ms) until autovacuum's next ANALYZE, and for good where
 * autovacuum is off. So a refresh that grows the table by a tenth (autovacuum's own scale
 * factor), and by at least ANALYZE_AFTER_ROWS rows, analyses it in its own transaction: the new
 * statistics replace every connection's cached plan once it commits.
 */
const ANALYZE_AFTER_ROWS = 1_000;

async function keepStatisticsCurrent(db: SqlClient, qualified: number): Promise<void> {
  if (qualified < ANALYZE_AFTER_ROWS) return;
  const [table] = await db.$queryRawUnsafe<{ rows: number }[]>(`SELECT reltuples::float8 AS "rows" FROM pg_class WHERE oid = '"remedy_eligibility"'::regclass`);
  if (qualified < 0.1 * Math.max(table?.rows ?? 0, 0)) return;
  await db.$queryRawUnsafe(`ANALYZE "remedy_eligibility"`);
}

/**
 * After a change to these accounts' impacts (in these categories, or in these
 * incidents): every rule of the incidents concerned, judged for those accounts only, by
 * one probe per (account, rule) on the impact index (account_id, category_id).
 */
export async function refreshEligibilityForAccounts(
  db: SqlClient,
  input: { accountIds: number[]; categoryIds?: number[]; incidentIds?: string[] },
): Promise<RefreshResult> {
  if (input.accountIds.length === 0) return nothing;
  const rules = await loadRules(db, { categoryIds: input.categoryIds, incidentIds: input.incidentIds });
  if (rules.length === 0) return nothing;
  const values = rules
    .map((r) => `(${Math.trunc(r.id)}, EXISTS (SELECT 1 FROM "impact" im WHERE im."account_id" = a."account_id" AND im."incident_id" = ${uuidSql(r.incidentId)} AND ${r.predicate}))`)
    .join(",\n              ");
  return writeVerdicts(
    db,
    `SELECT x."rule_id", a."account_id", x."q"
     FROM (SELECT DISTINCT unnest($1::int[]) AS "account_id") a
     CROSS JOIN LATERAL (VALUES ${values}) AS x("rule_id", "q")`,
    [input.accountIds],
  );
}

/**
 * After a rule is saved (created, or its condition changed): the rule judged for every
 * account of its incident. Accounts with no row and no qualifying impact are not looked
 * at twice: the verdict is "qualifies" for the accounts one impact earns it, "not" for
 * the rule's other rows.
 */
export async function refreshEligibilityForRule(db: SqlClient, ruleId: number): Promise<RefreshResult> {
  const [rule] = await loadRules(db, { ruleId });
  if (!rule) return nothing;
  const id = Math.trunc(rule.id);
  return writeVerdicts(
    db,
    `SELECT ${id} AS "rule_id", coalesce(q."account_id", e."account_id") AS "account_id", q."account_id" IS NOT NULL AS "q"
     FROM (SELECT DISTINCT im."account_id" FROM "impact" im WHERE im."incident_id" = ${uuidSql(rule.incidentId)} AND ${rule.predicate}) q
     FULL JOIN (SELECT "account_id" FROM "remedy_eligibility" WHERE "rule_id" = ${id}) e ON e."account_id" = q."account_id"`,
    [],
  );
}
