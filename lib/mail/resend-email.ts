import type { Actor } from "../audit/record-audit";
import { recordAudit } from "../audit/record-audit";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";

/**
 * Staff sends a parked, failed or sent message again: the row goes back to the queue
 * with a fresh attempt budget and keeps its id, so the Message-ID stays the same (a
 * restore email also keeps the events it covers). Audited in the same transaction.
 */
export const resendableStatuses = ["parked", "failed", "sent"] as const;

export function resendEmail(db: DbClient, actor: Actor, outboxId: number): Promise<void> {
  return inTransaction(db, async (tx) => {
    const row = await tx.emailOutbox.findUnique({
      where: { id: outboxId },
      select: { id: true, status: true, attempts: true, lastError: true, toAddress: true, kind: true },
    });
    if (!row) throw new AppError("NOT_FOUND", `Email ${outboxId} does not exist.`);
    if (!(resendableStatuses as readonly string[]).includes(row.status)) {
      throw new AppError("CONFLICT", `Email ${outboxId} is ${row.status}: only a parked, failed or sent email can be sent again.`);
    }
    const updated = await tx.emailOutbox.updateMany({
      where: { id: outboxId, status: row.status },
      data: { status: "queued", attempts: 0, nextAttemptAt: new Date(), lockedBy: null, lockedUntil: null, lastError: null },
    });
    if (updated.count !== 1) throw new AppError("CONFLICT", `Email ${outboxId} changed meanwhile; reload and try again.`);
    await recordAudit(tx, actor, {
      action: "mail.resend",
      targetType: "email",
      targetId: outboxId,
      before: { status: row.status, attempts: row.attempts, lastError: row.lastError },
      after: { status: "queued" },
    });
  });
}
