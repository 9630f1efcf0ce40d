import type { Database } from "../../lib/db";
import type { MailTransport, OutgoingMessage } from "../../lib/mail/transport";
import { startMailWorker } from "../../lib/mail/worker";

/**
 * Runs the real mail worker over everything due and returns what it handed to the
 * transport (the messages as the recipient gets them, links and all). For tests that
 * follow an emailed link; delivery over SMTP itself is tested against the sink
 * (mail-sink.ts).
 */
export async function deliverDueMail(db: Database): Promise<OutgoingMessage[]> {
  const sent: OutgoingMessage[] = [];
  const transport: MailTransport = {
    kind: "smtp",
    async send(message) {
      sent.push(message);
      return { providerMessageId: `test:${message.outboxId}` };
    },
    async close() {},
  };
  await startMailWorker({ db, transport, until: "idle", pollMs: 20, log: () => {} }).done;
  return sent;
}
