import type { Database } from "../../db";
import type { OutboxRow } from "../outbox-row";
import type { RenderedEmail } from "../templates/types";

/**
 * One kind of email (lib/mail/kinds/index.ts has them all). The worker calls `prepare`
 * once per claimed batch, set-based: it reads what each row's email says and issues any
 * link it carries (a lookup token, a confirmation token, an invite), so every send, a
 * retry and a staff resend alike, carries a fresh link and no raw token is ever stored.
 * Templates (lib/mail/templates/) only render what `prepare` gave them.
 */
export type MailDb = Pick<Database, "driver" | "prisma">;

export type Draft =
  /** Ready to send. */
  | { email: () => Promise<RenderedEmail> }
  /** Nothing left to say: marked sent without mailing. */
  | { skip: string }
  /** Can never be sent as it stands (its data is gone, its payload is malformed): parked. */
  | { park: string };

export interface MailKind {
  /** A draft per row id; a row left out is retried (prepare could not finish for it). */
  prepare(rows: OutboxRow[], db: MailDb): Promise<Map<number, Draft>>;
}
