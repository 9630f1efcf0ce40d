import { impactStateSchema } from "./impact-states";
import { z } from "zod";
import { recordAudit, type Actor } from "../audit/record-audit";
import { sqlTransaction, type Database } from "../db";
import { AppError } from "../errors";
import { applyStateChanges, RetryGuardedError, type StateChange } from "./apply-state-changes";

/**
 * The pipeline API's use case (POST /api/v1/restores): a batch of up to 10,000 items,
 * each idempotent by its key. Category keys are resolved here; account references inside
 * applyStateChanges' statement (no separate lookup round trip). The changes are applied
 * in one transaction per chunk (a whole batch is one chunk), with one audit entry per
 * chunk. Per item: applied, duplicate (its key was
 * applied before) or rejected with a reason. An item that changes nothing (the impact
 * is already in that state) is "applied" with `unchanged: true`: applying it again is
 * harmless and the pipeline needs no special case.
 */
export const maxRestoreBatchItems = 10_000;
export const restoreChunkSize = maxRestoreBatchItems;

export const restoreItemSchema = z
  .object({
    account: z.string().trim().min(1).max(200),
    category: z.string().trim().min(1).max(100),
    state: impactStateSchema,
    itemsRestored: z.number().int().min(0).max(2_000_000_000).optional(),
    itemsTotal: z.number().int().min(0).max(2_000_000_000).optional(),
    key: z.string().trim().min(1).max(200),
    note: z.string().max(2000).optional(),
  })
  .strict();
export type RestoreItem = z.infer<typeof restoreItemSchema>;

export const restoreBatchSchema = z
  .object({
    incident: z.string().trim().min(1).max(200),
    items: z.array(restoreItemSchema).min(1),
  })
  .strict();
export type RestoreBatch = z.infer<typeof restoreBatchSchema>;

/** The answer, per item in request order (documents the API: /api/openapi.json). */
export const itemResultSchema = z
  .discriminatedUnion("status", [
    z.strictObject({ index: z.number().int(), key: z.string(), status: z.literal("applied"), unchanged: z.literal(true).optional() }),
    z.strictObject({ index: z.number().int(), key: z.string(), status: z.literal("duplicate") }),
    z.strictObject({ index: z.number().int(), key: z.string(), status: z.literal("rejected"), reason: z.string() }),
  ])
  .meta({ id: "RestoreItemResult" });
export type ItemResult = z.infer<typeof itemResultSchema>;

export const restoreBatchResultSchema = z
  .strictObject({
    incident: z.string(),
    applied: z.number().int(),
    duplicate: z.number().int(),
    rejected: z.number().int(),
    emailsQueued: z.number().int(),
    items: z.array(itemResultSchema),
  })
  .meta({ id: "RestoreBatchResult" });
export type RestoreBatchResult = z.infer<typeof restoreBatchResultSchema>;

/** Parses a request body, answering 413 over the item limit and 400 naming the item index and field. */
export function parseRestoreBatch(body: unknown): RestoreBatch {
  const items = (body as { items?: unknown } | null)?.items;
  if (Array.isArray(items) && items.length > maxRestoreBatchItems) {
    throw new AppError("PAYLOAD_TOO_LARGE", `A batch holds at most ${maxRestoreBatchItems} items; this one has ${items.length}. Split it.`);
  }
  const parsed = restoreBatchSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [first, index, field] = issue.path;
    const where =
      first === "items" && typeof index === "number"
        ? `items[${index}]${field === undefined ? "" : `.${String(field)}`}`
        : issue.path.map(String).join(".") || "body";
    throw new AppError("VALIDATION", `${where}: ${issue.message}`, {
      ...(first === "items" && typeof index === "number" ? { index, field: field === undefined ? null : String(field) } : { field: where }),
      issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    });
  }
  return parsed.data;
}

export async function applyRestoreBatch(db: Pick<Database, "driver">, actor: Actor, batch: RestoreBatch): Promise<RestoreBatchResult> {
  // The incident and its categories in one round trip on the raw driver.
  const categories = await db.driver.query<{ incident_id: string; id: number | null; key: string | null }>(
    `SELECT i."id" AS "incident_id", c."id", c."key" FROM "incident" i LEFT JOIN "data_category" c ON c."incident_id" = i."id" WHERE i."slug" = $1`,
    [batch.incident],
  );
  const incident = categories[0] ? { id: categories[0].incident_id } : undefined;
  if (!incident) throw new AppError("NOT_FOUND", `No incident with the slug "${batch.incident}".`);
  const categoryIds = new Map(categories.flatMap((c) => (c.key === null || c.id === null ? [] : [[c.key, c.id] as const])));

  const results: ItemResult[] = new Array(batch.items.length);
  const valid: { index: number; change: StateChange }[] = [];
  const seenPairs = new Map<string, number>();
  const seenKeys = new Map<string, number>();
  // A plain loop, no closure per item: 10,000 of them (and, under tsx, a __name call
  // each) were a third of this function's own JavaScript time (docs/readme/mail.md).
  for (let index = 0; index < batch.items.length; index++) {
    const item = batch.items[index]!;
    const reason = admit(item, index);
    if (reason !== null) results[index] = { index, key: item.key, status: "rejected", reason };
  }
  /** Why the item is rejected; null when it is not, and then it has joined `valid` and the seen pairs and keys. */
  function admit(item: RestoreItem, index: number): string | null {
    const categoryId = categoryIds.get(item.category);
    if (categoryId === undefined) return `unknown category "${item.category}" for incident "${batch.incident}"`;
    if (item.itemsRestored !== undefined && item.itemsTotal !== undefined && item.itemsRestored > item.itemsTotal) {
      return `itemsRestored (${item.itemsRestored}) is more than itemsTotal (${item.itemsTotal})`;
    }
    const pair = `${categoryId}:${item.account}`;
    const earlierPair = seenPairs.get(pair);
    if (earlierPair !== undefined) return `same account and category as item ${earlierPair}`;
    const earlierKey = seenKeys.get(item.key);
    if (earlierKey !== undefined) return `same key as item ${earlierKey}`;
    seenPairs.set(pair, index);
    seenKeys.set(item.key, index);
    valid.push({
      index,
      change: {
        accountRef: item.account,
        categoryId,
        toState: item.state,
        itemsRestored: item.itemsRestored ?? null,
        itemsTotal: item.itemsTotal ?? null,
        idempotencyKey: item.key,
        note: item.note ?? null,
      },
    });
    return null;
  }

  let emailsQueued = 0;
  for (let start = 0; start < valid.length; start += restoreChunkSize) {
    const chunk = valid.slice(start, start + restoreChunkSize);
    // On the raw driver, not Prisma: the chunk is two statements, one of them with eight
    // 10,000-element arrays (db.ts sqlTransaction; docs/decisions/010).
    const applyChunk = (keyConflicts: "guard" | "throw") =>
      sqlTransaction(db, async (tx) => {
        // Each item was checked above (a pair or key seen twice, restored over total: rejected).
        const applied = await applyStateChanges(tx, chunk.map((c) => c.change), actor, { keyConflicts, itemsChecked: true });
        const counts = { applied: 0, unchanged: 0, duplicate: 0, not_found: 0, unknown_account: 0 };
        for (const o of applied.outcomes) counts[o]++;
        await recordAudit(tx, actor, {
          action: "restores.apply",
          targetType: "incident",
          targetId: incident.id,
          after: { incident: batch.incident, items: chunk.length, ...counts, emailsQueued: applied.emailsQueued, firstKey: chunk[0]?.change.idempotencyKey },
        });
        return applied;
      });
    // A fresh batch meets no applied key: try optimistically (no per-row arbiter, impacts
    // updated by the row version read), and only if a key was applied before or an impact
    // changed under it, run the chunk again guarded (docs/decisions/010).
    const outcome = await applyChunk("throw").catch((error: unknown) => {
      if (error instanceof RetryGuardedError) return applyChunk("guard");
      throw error;
    });
    emailsQueued += outcome.emailsQueued;
    outcome.outcomes.forEach((o, i) => {
      const { index } = chunk[i]!;
      const key = batch.items[index]!.key;
      if (o === "applied") results[index] = { index, key, status: "applied" };
      else if (o === "unchanged") results[index] = { index, key, status: "applied", unchanged: true };
      else if (o === "duplicate") results[index] = { index, key, status: "duplicate" };
      else if (o === "unknown_account") results[index] = { index, key, status: "rejected", reason: `unknown account "${batch.items[index]!.account}"` };
      else results[index] = { index, key, status: "rejected", reason: "no impact row for this account and category" };
    });
  }

  const count = (s: ItemResult["status"]) => results.filter((r) => r.status === s).length;
  return { incident: batch.incident, applied: count("applied"), duplicate: count("duplicate"), rejected: count("rejected"), emailsQueued, items: results };
}
