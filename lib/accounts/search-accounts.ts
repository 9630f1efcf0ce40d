import { z } from "zod";
import type { DbClient } from "../db";

/**
 * Support's account search: by email, external reference or display name, as prefix
 * (a whole value is its own prefix). Each column is an index range scan with a LIMIT
 * (account_email_idx, account_external_ref_key, account_display_name_idx), so a search
 * costs the same on 1,000 or 1,000,000 accounts. Emails are stored lower-cased, so the
 * query is too. Paged by offset, capped: a search that needs page 40 needs a better query.
 */
export const maxSearchOffset = 1_000;

export const searchAccountsSchema = z.object({
  q: z.string().trim().max(200).default(""),
  page: z.coerce.number().int().min(1).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(25),
});
export type SearchAccountsInput = z.input<typeof searchAccountsSchema>;

export interface AccountHit {
  id: number;
  externalRef: string;
  email: string;
  displayName: string;
  locale: string;
  matchedOn: "email" | "reference" | "name";
}

export interface SearchAccountsResult {
  q: string;
  page: number;
  perPage: number;
  hits: AccountHit[];
  hasMore: boolean;
}

const matchedOn = { 1: "email", 2: "reference", 3: "name" } as const;

export async function searchAccounts(db: DbClient, input: SearchAccountsInput): Promise<SearchAccountsResult> {
  const { q, page, perPage } = searchAccountsSchema.parse(input);
  const offset = Math.min((page - 1) * perPage, maxSearchOffset);
  const take = offset + perPage + 1;
  let rows: (Omit<AccountHit, "matchedOn"> & { rank: 1 | 2 | 3 })[];
  if (q === "") {
    rows = await db.$queryRawUnsafe(
      `SELECT "id", "external_ref" AS "externalRef", "email", "display_name" AS "displayName", "locale", 2 AS "rank"
       FROM "account" ORDER BY "external_ref" LIMIT $1 OFFSET $2`,
      perPage + 1,
      offset,
    );
  } else {
    // chr(1114111) is the last code point: [q, q || it) is "starts with q" as a range the
    // btree can scan; starts_with() keeps the result exact under any collation.
    rows = await db.$queryRawUnsafe(
      `WITH "matches" AS (
         (SELECT "id", 1 AS "rank", "email" AS "key" FROM "account"
          WHERE "email" >= $1 AND "email" < $1 || chr(1114111) AND starts_with("email", $1) ORDER BY "email" LIMIT $4)
         UNION ALL
         (SELECT "id", 2, "external_ref" FROM "account"
          WHERE "external_ref" >= $2 AND "external_ref" < $2 || chr(1114111) AND starts_with("external_ref", $2) ORDER BY "external_ref" LIMIT $4)
         UNION ALL
         (SELECT "id", 2, "external_ref" FROM "account"
          WHERE $2 <> upper($2) AND "external_ref" >= upper($2) AND "external_ref" < upper($2) || chr(1114111) AND starts_with("external_ref", upper($2))
          ORDER BY "external_ref" LIMIT $4)
         UNION ALL
         (SELECT "id", 3, "display_name" FROM "account"
          WHERE "display_name" >= $3 AND "display_name" < $3 || chr(1114111) AND starts_with("display_name", $3) ORDER BY "display_name" LIMIT $4)
       ), "best" AS (
         SELECT DISTINCT ON ("id") "id", "rank", "key" FROM "matches" ORDER BY "id", "rank"
       )
       SELECT a."id", a."external_ref" AS "externalRef", a."email", a."display_name" AS "displayName", a."locale", b."rank"
       FROM "best" b JOIN "account" a ON a."id" = b."id"
       ORDER BY b."rank", b."key", a."id"
       LIMIT $5 OFFSET $6`,
      q.toLowerCase(),
      q,
      q,
      take,
      perPage + 1,
      offset,
    );
  }
  const hits = rows.slice(0, perPage).map(({ rank, ...hit }) => ({ ...hit, matchedOn: matchedOn[rank] }));
  return { q, page, perPage, hits, hasMore: rows.length > perPage && offset + perPage < maxSearchOffset };
}
