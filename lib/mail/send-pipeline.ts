import type { EmailKind } from "../generated/prisma/enums";
import type { Outcome } from "../outbox/run-outbox-worker";
import type { Pacer } from "../outbox/rate-limiter";
import type { Draft, MailDb, MailKind } from "./kinds";
import { outboxMessageId, type OutboxRow } from "./outbox-row";
import { classifySendError, describeSendError, type MailTransport } from "./transport";
import { mailLanguage, templateVersions } from "./templates/versions";

/**
 * What the worker does with a claimed batch of emails: `prepare` runs each kind's
 * set-based step once for the batch (reads, and the links it issues); `deliver` renders
 * one row from its draft, paces it and sends it, and says how the attempt ended.
 * Values of a "sent" outcome: subject, provider message id, note (see worker.ts).
 */
export interface SendPipelineOptions {
  db: MailDb;
  transport: MailTransport;
  kinds: Partial<Record<EmailKind, MailKind>>;
  pacer: Pacer;
  from: string;
  messageIdHost: string;
  log: (message: string) => void;
}

export function createSendPipeline(o: SendPipelineOptions) {
  // Drafts by row and attempt: a row claimed again (after a retry) is prepared again.
  const drafts = new Map<string, Draft>();
  const keyOf = (row: OutboxRow) => `${row.id}:${row.attempts}`;

  async function prepare(rows: OutboxRow[]): Promise<void> {
    // Bounded: drafts of rows that were claimed but never delivered (a stop) are dropped.
    while (drafts.size > 20_000) drafts.delete(drafts.keys().next().value!);
    const byKind = new Map<EmailKind, OutboxRow[]>();
    for (const r of rows) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r]);
    for (const [kind, list] of byKind) {
      const mailKind = o.kinds[kind];
      if (!mailKind) continue;
      try {
        const prepared = await mailKind.prepare(list, o.db);
        for (const r of list) {
          const draft = prepared.get(r.id);
          if (draft) drafts.set(keyOf(r), draft);
        }
      } catch (error) {
        // Rows without a draft are retried by deliver().
        o.log(`preparing ${list.length} ${kind} emails failed: ${describeSendError(error)}`);
      }
    }
  }

  async function deliver(row: OutboxRow): Promise<Outcome> {
    if (!o.kinds[row.kind]) return { result: "park", reason: `no template is registered for email kind "${row.kind}" (lib/mail/kinds/index.ts)` };
    let draft = drafts.get(keyOf(row));
    drafts.delete(keyOf(row));
    if (!draft) {
      await prepare([row]);
      draft = drafts.get(keyOf(row));
      drafts.delete(keyOf(row));
      if (!draft) return { result: "retry", reason: "could not prepare the message (see the worker's log)" };
    }
    if ("park" in draft) return { result: "park", reason: `cannot render: ${draft.park}` };
    if ("skip" in draft) return { result: "skipped", values: [row.subject, null, `not sent: ${draft.skip}`, null, null] };
    let email;
    try {
      email = await draft.email();
    } catch (error) {
      return { result: "retry", reason: `render failed: ${describeSendError(error)}` };
    }
    await o.pacer.wait();
    try {
      const result = await o.transport.send({
        outboxId: row.id,
        messageId: outboxMessageId(row.id, o.messageIdHost),
        from: o.from,
        to: row.toAddress,
        subject: email.subject,
        html: email.html,
        text: email.text,
        ...(email.headers ? { headers: email.headers } : {}),
        unsubscribeUrl: email.unsubscribeUrl ?? null,
        secrets: email.secrets ?? [],
      });
      return { result: "sent", values: [email.subject, result.providerMessageId, null, templateVersions[row.kind], email.locale ?? mailLanguage] };
    } catch (error) {
      const reason = describeSendError(error);
      return classifySendError(error) === "permanent" ? { result: "park", reason } : { result: "retry", reason };
    }
  }

  return { prepare, deliver };
}
