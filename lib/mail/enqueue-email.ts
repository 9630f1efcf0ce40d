import type { DbClient } from "../db";
import type { EmailKind } from "../generated/prisma/enums";

/**
 * Queues one email in the outbox. Call it with the transaction that makes the change
 * the email reports, so that the change and its email commit or roll back together.
 * The dedupe key is unique: queueing the same message twice is a no-op (returns false).
 * Bulk fan-out does not loop over this: it uses INSERT ... SELECT (lib/mail/).
 */
export interface EmailToQueue {
  dedupeKey: string;
  kind: EmailKind;
  to: string;
  subject: string;
  accountId?: number | null;
  /** Template input, rendered when the message is sent. */
  payload?: Record<string, unknown>;
  /** Not before this time (coalescing windows). */
  notBefore?: Date;
}

export async function enqueueEmail(db: DbClient, email: EmailToQueue): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO "email_outbox" ("dedupe_key", "kind", "to_address", "account_id", "subject", "payload", "next_attempt_at")
    VALUES (${email.dedupeKey}, ${email.kind}::"EmailKind", ${email.to.toLowerCase()}, ${email.accountId ?? null},
            ${email.subject}, ${JSON.stringify(email.payload ?? {})}::jsonb, ${email.notBefore ?? new Date()})
    ON CONFLICT ("dedupe_key") DO NOTHING`;
  return inserted === 1;
}
