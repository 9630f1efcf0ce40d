import type { SqlClient } from "../db";
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

export async function recordAudit(db: SqlClient, actor: Actor, entry: AuditEntry): Promise<void> {
  // Raw SQL, so that a Prisma client or transaction and sqlTransaction's connection (the
  // pipeline API) write the same row the same way.
  await db.$queryRawUnsafe(
    `INSERT INTO "audit_log" ("actor_type", "actor_id", "actor_label", "ip", "action", "target_type", "target_id", "before", "after")
     VALUES ($1::"ActorType", $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb)`,
    actor.type,
    actor.id,
    actor.label,
    actor.ip ?? null,
    entry.action,
    entry.targetType,
    entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
    toJson(entry.before),
    toJson(entry.after),
  );
}

function toJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  // Dates, BigInts and class instances become plain JSON.
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}
