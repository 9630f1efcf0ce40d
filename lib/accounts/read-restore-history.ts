import type { DbClient } from "../db";
import type { ActorType, ImpactState } from "../generated/prisma/enums";

/** One restore event of an account, with who made it in words (support's account page, the evidence page). */
export interface RestoreHistoryRow {
  id: number;
  at: Date;
  category: string;
  fromState: ImpactState | null;
  toState: ImpactState;
  itemsRestored: number | null;
  itemsTotal: number | null;
  actorType: ActorType;
  actorId: string | null;
  /** Who, in words: a staff email, an API key's name, an import's file name. */
  actorLabel: string;
  note: string | null;
}

/**
 * An account's restore events, `limit` of them (newest first, or oldest first for the
 * evidence record), with category labels and actor names read in one query per kind.
 */
export async function readRestoreHistory(
  db: DbClient,
  accountId: number,
  options: { limit: number; order: "newest" | "oldest" },
): Promise<{ rows: RestoreHistoryRow[]; truncated: boolean }> {
  const direction = options.order === "newest" ? "desc" : "asc";
  const events = await db.restoreEvent.findMany({
    where: { accountId },
    orderBy: [{ createdAt: direction }, { id: direction }],
    take: options.limit + 1,
  });
  const categoryIds = [...new Set(events.map((e) => e.categoryId))];
  const ids = (type: ActorType) => [...new Set(events.filter((e) => e.actorType === type && e.actorId).map((e) => e.actorId!))];
  const uuidLike = (id: string) => /^[0-9a-f-]{36}$/i.test(id);
  const [categories, staff, keys, imports] = await Promise.all([
    db.dataCategory.findMany({ where: { id: { in: categoryIds } }, select: { id: true, label: true } }),
    db.staffUser.findMany({ where: { id: { in: ids("staff") } }, select: { id: true, email: true } }),
    db.apiKey.findMany({ where: { id: { in: ids("api_key").filter(uuidLike) } }, select: { id: true, name: true } }),
    db.importJob.findMany({ where: { id: { in: ids("import").filter(uuidLike) } }, select: { id: true, fileName: true } }),
  ]);
  const labels = new Map<string, string>([
    ...staff.map((s) => [`staff:${s.id}`, s.email] as const),
    ...keys.map((k) => [`api_key:${k.id}`, `API key ${k.name}`] as const),
    ...imports.map((i) => [`import:${i.id}`, `import of ${i.fileName}`] as const),
  ]);
  const categoryLabel = new Map(categories.map((c) => [c.id, c.label]));
  const rows = events.slice(0, options.limit).map((e) => ({
    id: e.id,
    at: e.createdAt,
    category: categoryLabel.get(e.categoryId) ?? `category ${e.categoryId}`,
    fromState: e.fromState,
    toState: e.toState,
    itemsRestored: e.itemsRestored,
    itemsTotal: e.itemsTotal,
    actorType: e.actorType,
    actorId: e.actorId,
    actorLabel: labels.get(`${e.actorType}:${e.actorId}`) ?? (e.actorType === "system" ? `system${e.actorId ? ` (${e.actorId})` : ""}` : `${e.actorType} ${e.actorId ?? ""}`.trim()),
    note: e.note,
  }));
  return { rows, truncated: events.length > options.limit };
}
