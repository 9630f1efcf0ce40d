import type { DbClient } from "../db";
import type { ActorType } from "../generated/prisma/enums";

/**
 * Appends one audit entry. Write it in the same transaction as the change it records.
 * The audit log is append-only: this file is the only writer and there is no update
 * or delete path for it anywhere in the code.
 */
export interface Actor {
  type: ActorType;
  /** Staff user id, API key id or import job id. */
  id: string | null;
  /** Human-readable: the staff member's email, the API key's name. */
  label: string;
  ip?: string | null;
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(db: DbClient, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      ip: actor.ip ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      before: toJson(entry.before),
      after: toJson(entry.after),
    },
  });
}

function toJson(value: unknown) {
  if (value === undefined || value === null) return undefined;
  // Dates, BigInts and class instances become plain JSON.
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as object;
}
