import type { Driver } from "../db";
import { maxReportedErrors, type ImportError } from "./read-csv-file";
import { stageTableName } from "./stage-import-rows";

/**
 * The checks that need the whole file, run set-based over the staging table in one
 * pass of its (account_ref, category_id, line) index:
 *  - the same account and category on two rows (the later row is rejected),
 *  - one account with two different emails, display names or locales (every row that
 *    differs from the account's first row is rejected).
 * Returns how many rows are rejected and the first errors by line.
 */
export async function checkStagedRows(driver: Driver, jobId: string): Promise<{ rejected: number; errors: ImportError[] }> {
  const table = `"${stageTableName(jobId)}"`;
  const rows = await driver.query<{ rejected: number; errors: ImportError[] | null }>(
    `WITH "flagged" AS (
       SELECT s."line", s."account_ref", s."email", s."display_name", s."locale", c."key" AS "category",
              row_number() OVER "pair" AS "pair_rank", first_value(s."line") OVER "pair" AS "pair_first",
              first_value(s."line") OVER "acc" AS "acc_first", first_value(s."email") OVER "acc" AS "first_email",
              first_value(s."display_name") OVER "acc" AS "first_name", first_value(s."locale") OVER "acc" AS "first_locale"
       FROM ${table} s JOIN "data_category" c ON c."id" = s."category_id"
       WINDOW "acc" AS (PARTITION BY s."account_ref" ORDER BY s."category_id", s."line"),
              "pair" AS (PARTITION BY s."account_ref", s."category_id" ORDER BY s."line")
     ), "problems" AS (
       SELECT "line",
              CASE WHEN "pair_rank" > 1 THEN 'category'
                   WHEN "email" <> "first_email" THEN 'email'
                   WHEN "display_name" <> "first_name" THEN 'display_name'
                   ELSE 'locale' END AS "field",
              CASE WHEN "pair_rank" > 1 THEN 'account ' || "account_ref" || ' already has a row for ' || "category" || ' on line ' || "pair_first"
                   WHEN "email" <> "first_email" THEN 'account ' || "account_ref" || ' has email ' || "first_email" || ' on line ' || "acc_first" || ', a different one here'
                   WHEN "display_name" <> "first_name" THEN 'account ' || "account_ref" || ' has a different display_name on line ' || "acc_first"
                   ELSE 'account ' || "account_ref" || ' has locale ' || "first_locale" || ' on line ' || "acc_first" || ', a different one here' END AS "reason"
       FROM "flagged"
       WHERE "pair_rank" > 1 OR "email" <> "first_email" OR "display_name" <> "first_name" OR "locale" <> "first_locale"
     )
     SELECT (SELECT count(*)::int FROM "problems") AS "rejected",
            (SELECT json_agg(p) FROM (SELECT * FROM "problems" ORDER BY "line" LIMIT ${maxReportedErrors}) p) AS "errors"`,
  );
  const result = rows[0];
  return { rejected: result?.rejected ?? 0, errors: result?.errors ?? [] };
}
