import type { Database } from "../../lib/db";
import { seedDemo } from "../../lib/seed/seed-demo";

/** The demo incident with `accounts` accounts (customer<N>@example.com, SK-000000N). */
export async function seedSmallDemo(db: Database, accounts = 60): Promise<void> {
  await seedDemo(db, { accounts });
}

export interface OutboxRow {
  id: number;
  kind: string;
  to_address: string;
  account_id: number | null;
  subject: string;
  payload: Record<string, unknown>;
  status: string;
}

export async function outbox(db: Database, kind?: string): Promise<OutboxRow[]> {
  return db.driver.query<OutboxRow>(
    `SELECT id, kind::text AS kind, to_address, account_id, subject, payload, status::text AS status
       FROM email_outbox ${kind ? `WHERE kind = $1::"EmailKind"` : ""} ORDER BY id`,
    kind ? [kind] : [],
  );
}

export function formRequest(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Request {
  return new Request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export function params<T extends Record<string, string>>(value: T): { params: Promise<T> } {
  return { params: Promise.resolve(value) };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
