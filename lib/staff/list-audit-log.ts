import { z } from "zod";
import type { DbClient } from "../db";
import type { Prisma as P } from "../generated/prisma/client";

/**
 * The audit log page: filter by actor (email/label or id), action (prefix, e.g.
 * "incident." or "incident.update"), target type and id; newest first, paged by id
 * (keyset: a page never shifts when new entries arrive). Read only: the log has no
 * update or delete path.
 */
export const auditFilterSchema = z.object({
  actor: z.string().trim().max(200).optional().default(""),
  action: z.string().trim().max(100).optional().default(""),
  targetType: z.string().trim().max(50).optional().default(""),
  targetId: z.string().trim().max(200).optional().default(""),
  /** Show entries with an id below this one (the next page). */
  before: z.coerce.number().int().positive().optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional().default(50),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

export async function listAuditLog(db: DbClient, filter: AuditFilter) {
  const f = auditFilterSchema.parse(filter);
  const where: P.AuditLogWhereInput = {};
  if (f.actor) where.OR = [{ actorLabel: { contains: f.actor, mode: "insensitive" } }, { actorId: f.actor }];
  if (f.action) where.action = { startsWith: f.action };
  if (f.targetType) where.targetType = f.targetType;
  if (f.targetId) where.targetId = f.targetId;
  if (f.before) where.id = { lt: f.before };
  const rows = await db.auditLog.findMany({ where, orderBy: { id: "desc" }, take: f.pageSize + 1 });
  const page = rows.slice(0, f.pageSize);
  const last = page[page.length - 1];
  return { entries: page, nextBefore: rows.length > f.pageSize && last ? last.id : null, filter: f };
}
