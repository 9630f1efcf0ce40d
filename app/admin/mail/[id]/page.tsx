import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/ActionForm";
import { notFound } from "next/navigation";
import { requireStaff } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { getOutboxEmail } from "@/lib/mail/list-outbox";
import { resendableStatuses } from "@/lib/mail/resend-email";
import { resendEmailAction } from "../actions";

export const metadata: Metadata = { title: "Email" };
export const dynamic = "force-dynamic";

export default async function MailDetailPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaff("mail:read");
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const email = await getOutboxEmail(await prisma(), id);
  if (!email) notFound();
  const canResend = (resendableStatuses as readonly string[]).includes(email.status);
  return (
    <main id="main" className="container">
      <p>
        <Link href="/admin/mail">← Mail</Link>
      </p>
      <h1>
        Email #{email.id}: {email.subject}
      </h1>
      <dl>
        <dt>To</dt>
        <dd>
          {email.toAddress}
          {email.account ? ` (account ${email.account.externalRef}, ${email.account.displayName})` : ""}
        </dd>
        <dt>Kind</dt>
        <dd>{email.kind}</dd>
        <dt>Status</dt>
        <dd>
          {email.status}, {email.attempts} attempt{email.attempts === 1 ? "" : "s"}
        </dd>
        <dt>Queued</dt>
        <dd>{formatDateTime(email.createdAt)}</dd>
        <dt>{email.sentAt ? "Sent" : "Next attempt"}</dt>
        <dd>{formatDateTime(email.sentAt ?? email.nextAttemptAt)}</dd>
        {email.lastError ? (
          <>
            <dt>Last error</dt>
            <dd>{email.lastError}</dd>
          </>
        ) : null}
        {email.providerMessageId ? (
          <>
            <dt>Provider message id</dt>
            <dd>{email.providerMessageId}</dd>
          </>
        ) : null}
        <dt>Dedupe key</dt>
        <dd>
          <code>{email.dedupeKey}</code>
        </dd>
      </dl>
      {canResend ? (
        <ActionForm action={resendEmailAction} submitLabel="Send again">
          <input type="hidden" name="id" value={email.id} />
        </ActionForm>
      ) : null}
      {email.captured ? (
        <section aria-labelledby="captured">
          <h2 id="captured">Captured message</h2>
          <p className="muted">Message-ID {email.captured.messageId}</p>
          <iframe title="HTML version" sandbox="" srcDoc={email.captured.html} style={{ width: "100%", height: "32rem", border: "1px solid var(--border)" }} />
          <h3>Text version</h3>
          <pre style={{ whiteSpace: "pre-wrap" }}>{email.captured.text}</pre>
        </section>
      ) : null}
    </main>
  );
}
