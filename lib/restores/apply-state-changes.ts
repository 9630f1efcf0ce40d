import { env } from "../env";
import type { Actor } from "../audit/record-audit";
import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { ImpactState } from "../generated/prisma/enums";
import { queueRestoreEmailsSql } from "./restore-email-sql";

/**
 * The one path by which an impact changes state: staff edits, CSV imports, bulk changes
 * and the pipeline API all call this. Set-based: one statement per call, whatever its
 * size. Call it inside a transaction (the caller also writes its audit entry there).
 *
 * In one statement it
 *  - skips items whose idempotency key was already applied (a replay changes nothing),
 *  - updates the impact rows that really change (the aggregate triggers follow),
 *  - appends one restore event per change,
 *  - queues a restore email for each account that reached a terminal state, unless
 *    that account already has a restore email waiting in the outbox: changes within the
 *    coalescing window (MAIL_COALESCE_SECONDS) then ride on that one email, which is
 *    rendered when it is sent from every terminal event not yet reported.
 */
export const terminalStates = ["restored", "partial", "unrecoverable"] as const satisfies readonly ImpactState[];

export interface StateChange {
  accountId: number;
  categoryId: number;
  toState: ImpactState;
  itemsRestored?: number | null;
  itemsTotal?: number | null;
  /** From the pipeline: the same key twice applies once. */
  idempotencyKey?: string | null;
  note?: string | null;
}

export type ChangeOutcome = "applied" | "unchanged" | "duplicate" | "not_found";

export interface ApplyResult {
  outcomes: ChangeOutcome[];
  applied: number;
  emailsQueued: number;
}

export interface ApplyOptions {
  coalesceSeconds?: number;
}

const pairKey = (accountId: number, categoryId: number) => `${accountId}:${categoryId}`;

export async function applyStateChanges(
  tx: DbClient,
  changes: StateChange[],
  actor: Actor,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (changes.length === 0) return { outcomes: [], applied: 0, emailsQueued: 0 };
  const seenPairs = new Set<string>();
  const seenKeys = new Set<string>();
  changes.forEach((c, index) => {
    const pair = pairKey(c.accountId, c.categoryId);
    if (seenPairs.has(pair)) {
      throw new AppError("VALIDATION", `Item ${index} changes the same account and category as an earlier item in this batch.`, { index });
    }
    seenPairs.add(pair);
    if (c.idempotencyKey) {
      if (seenKeys.has(c.idempotencyKey)) {
        throw new AppError("VALIDATION", `Item ${index} repeats the key "${c.idempotencyKey}" of an earlier item in this batch.`, { index });
      }
      seenKeys.add(c.idempotencyKey);
    }
    if (c.itemsRestored != null && c.itemsTotal != null && c.itemsRestored > c.itemsTotal) {
      throw new AppError("VALIDATION", `Item ${index}: itemsRestored (${c.itemsRestored}) is more than itemsTotal (${c.itemsTotal}).`, { index });
    }
  });

  const coalesceSeconds = options.coalesceSeconds ?? env().MAIL_COALESCE_SECONDS;
  const rows = await tx.$queryRawUnsafe<{ account_id: number; category_id: number; outcome: ChangeOutcome; emails: number }[]>(
    `WITH "input" AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[])
         AS t("account_id", "category_id", "to_state", "items_restored", "items_total", "idempotency_key", "note")
     ), "replayed" AS (
       SELECT i."account_id", i."category_id" FROM "input" i
       WHERE i."idempotency_key" IS NOT NULL
         AND EXISTS (SELECT 1 FROM "restore_event" e WHERE e."idempotency_key" = i."idempotency_key")
     ), "fresh" AS (
       SELECT i.* FROM "input" i
       WHERE NOT EXISTS (SELECT 1 FROM "replayed" r WHERE r."account_id" = i."account_id" AND r."category_id" = i."category_id")
     ), "before" AS (
       SELECT im."id", im."account_id", im."category_id", im."state", im."items_total", im."items_restored",
              f."to_state"::"ImpactState" AS "new_state",
              coalesce(f."items_total", im."items_total") AS "new_total",
              coalesce(f."items_restored",
                       CASE WHEN f."to_state" = 'restored' THEN coalesce(f."items_total", im."items_total")
                            WHEN f."to_state" IN ('pending', 'restoring', 'unrecoverable', 'not_affected') THEN 0
                            ELSE im."items_restored" END) AS "new_restored",
              f."idempotency_key", f."note"
       FROM "fresh" f JOIN "impact" im ON im."account_id" = f."account_id" AND im."category_id" = f."category_id"
     ), "changed" AS (
       SELECT * FROM "before" b
       WHERE b."state" <> b."new_state" OR b."items_total" <> b."new_total" OR b."items_restored" <> b."new_restored"
     ), "updated" AS (
       UPDATE "impact" im SET "state" = c."new_state", "items_total" = c."new_total", "items_restored" = c."new_restored", "updated_at" = now()
       FROM "changed" c WHERE im."id" = c."id"
       RETURNING im."id"
     ), "events" AS (
       INSERT INTO "restore_event" ("account_id", "category_id", "from_state", "to_state", "items_total", "items_restored", "actor_type", "actor_id", "note", "idempotency_key")
       SELECT c."account_id", c."category_id", c."state", c."new_state", c."new_total", c."new_restored", $8::"ActorType", $9, c."note", c."idempotency_key"
       FROM "changed" c JOIN "updated" u ON u."id" = c."id"
       ON CONFLICT ("idempotency_key") DO NOTHING
       RETURNING "id", "account_id", "category_id", "to_state"
     ), "emails" AS (
       ${queueRestoreEmailsSql("$10")}
     )
     SELECT e."account_id", e."category_id", 'applied' AS "outcome", (SELECT count(*)::int FROM "emails") AS "emails" FROM "events" e
     UNION ALL
     SELECT b."account_id", b."category_id", 'unchanged', 0 FROM "before" b
       WHERE NOT EXISTS (SELECT 1 FROM "changed" c WHERE c."id" = b."id")
     UNION ALL
     SELECT r."account_id", r."category_id", 'duplicate', 0 FROM "replayed" r
     UNION ALL
     SELECT f."account_id", f."category_id", 'not_found', 0 FROM "fresh" f
       WHERE NOT EXISTS (SELECT 1 FROM "before" b WHERE b."account_id" = f."account_id" AND b."category_id" = f."category_id")`,
    changes.map((c) => c.accountId),
    changes.map((c) => c.categoryId),
    changes.map((c) => c.toState),
    changes.map((c) => c.itemsRestored ?? null),
    changes.map((c) => c.itemsTotal ?? null),
    changes.map((c) => c.idempotencyKey ?? null),
    changes.map((c) => c.note ?? null),
    actor.type,
    actor.id,
    coalesceSeconds,
  );

  const byPair = new Map(rows.map((r) => [pairKey(r.account_id, r.category_id), r.outcome]));
  // An item whose event lost an ON CONFLICT race to a concurrent replay of its key
  // (the only way to be missing from the result) is a duplicate.
  const outcomes = changes.map((c) => byPair.get(pairKey(c.accountId, c.categoryId)) ?? "duplicate");
  const applied = rows.filter((r) => r.outcome === "applied");
  return { outcomes, applied: applied.length, emailsQueued: applied[0]?.emails ?? 0 };
}
