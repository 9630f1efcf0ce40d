import type { EmailKind, EmailStatus } from "../generated/prisma/enums";
import type { OutboxTable } from "../outbox/outbox-sql";
import { restoreCoverageSetSql } from "./restore-coverage";

/** One email_outbox row as the worker and the renderers see it (read with raw SQL). */
export interface OutboxRow {
  id: number;
  dedupeKey: string;
  kind: EmailKind;
  toAddress: string;
  accountId: number | null;
  subject: string;
  payload: Record<string, unknown>;
  status: EmailStatus;
  attempts: number;
}

/** The columns to select, aliased to OutboxRow's names. */
export const outboxRowColumns = `"id", "dedupe_key" AS "dedupeKey", "kind", "to_address" AS "toAddress", "account_id" AS "accountId",
  "subject", "payload", "status", "attempts"`;

/** email_outbox as an outbox queue (lib/outbox/outbox-sql.ts); a claim also fixes a restore email's coverage. */
export const emailOutbox: OutboxTable = { table: "email_outbox", statusType: "EmailStatus", returning: outboxRowColumns, claimExtraSet: restoreCoverageSetSql };

/** Stable Message-ID for a row: a retry or a resend is recognisably the same message. */
export function outboxMessageId(id: number, host: string): string {
  return `<outbox-${id}@${host}>`;
}
