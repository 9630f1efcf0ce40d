import { z } from "zod";
import type { DbClient } from "../db";
import type { EmailStatus } from "../generated/prisma/enums";

/** The staff mail view: outbox rows, newest first, filtered by status; counts per status from the (status, next_attempt_at) index. */
export const outboxFilterSchema = z.object({
  status: z.enum(["queued", "sending", "sent", "failed", "parked"]).optional().catch(undefined),
  to: z.string().trim().toLowerCase().max(320).optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type OutboxFilter = z.infer<typeof outboxFilterSchema>;

export const outboxPageSize = 50;

export async function listOutbox(db: DbClient, filter: OutboxFilter) {
  const rows = await db.emailOutbox.findMany({
    where: {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.to ? { toAddress: filter.to } : {}),
      ...(filter.before ? { id: { lt: filter.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: outboxPageSize,
    select: {
      id: true, kind: true, toAddress: true, subject: true, status: true, attempts: true, nextAttemptAt: true,
      lastError: true, sentAt: true, createdAt: true, captured: { select: { id: true } },
    },
  });
  const grouped = await db.emailOutbox.groupBy({ by: ["status"], _count: { _all: true } });
  const counts = Object.fromEntries(grouped.map((g) => [g.status, g._count._all])) as Partial<Record<EmailStatus, number>>;
  return { rows, counts, nextBefore: rows.length === outboxPageSize ? rows[rows.length - 1]!.id : null };
}

export async function getOutboxEmail(db: DbClient, id: number) {
  return db.emailOutbox.findUnique({
    where: { id },
    include: { captured: true, account: { select: { id: true, externalRef: true, displayName: true } } },
  });
}
