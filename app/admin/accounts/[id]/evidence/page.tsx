import Link from "next/link";
import { notFound } from "next/navigation";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { RestoreHistoryTable } from "@/components/admin/AccountRecord";
import { evidenceLimit, getAccountEvidence } from "@/lib/evidence/get-account-evidence";
import { formatDateTime, formatInteger } from "@/lib/format";

export const dynamic = "force-dynamic";

const when = (d: Date | null) => (d ? formatDateTime(d) : "—");

/** Proof of notice for one account: printable (the console's frame is hidden in print). */
export default async function EvidencePage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffPage("accounts:read");
  const accountId = Number((await params).id);
  if (!Number.isSafeInteger(accountId) || accountId <= 0) notFound();
  const e = await getAccountEvidence(await prisma(), accountId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return (
    <main id="main" className="container evidence">
      <p className="no-print">
        <Link href={`/admin/accounts/${e.account.id}`}>Back to the account</Link>
      </p>
      <h1>Proof of notice: {e.account.externalRef}</h1>
      <p>
        {e.account.displayName} · {e.account.email} · locale {e.account.locale} · account added {formatDateTime(e.account.createdAt)}
      </p>
      <p className="muted">Generated {formatDateTime(e.generatedAt)} from the portal&apos;s records (email outbox, private links, restore history).</p>

      <h2>Notices ({formatInteger(e.notices.length)})</h2>
      {e.noticesTruncated ? <p className="notice">Only the first {formatInteger(evidenceLimit)} notices are shown; the CSV export has all.</p> : null}
      <div className="table-wrap">
        <table data-testid="evidence-notices">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Kind</th>
              <th scope="col">To</th>
              <th scope="col">Language</th>
              <th scope="col">Subject</th>
              <th scope="col">Template</th>
              <th scope="col">Queued</th>
              <th scope="col">Sent</th>
              <th scope="col">Provider message id</th>
              <th scope="col">Attempts</th>
              <th scope="col">Final status</th>
            </tr>
          </thead>
          <tbody>
            {e.notices.map((n) => (
              <tr key={n.id} data-kind={n.kind}>
                <td>{n.id}</td>
                <td>{n.kind.replace("_", " ")}</td>
                <td>{n.toAddress}</td>
                <td>{n.language ?? "—"}</td>
                <td>{n.subject}</td>
                <td>{n.templateVersion ?? "—"}</td>
                <td>{formatDateTime(n.queuedAt)}</td>
                <td>{when(n.sentAt)}</td>
                <td>
                  <code>{n.providerMessageId ?? "—"}</code>
                </td>
                <td>{n.attempts}</td>
                <td>
                  {n.status}
                  {n.lastError ? ` (${n.lastError})` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Private link</h2>
      <p data-testid="evidence-opens">
        First opened: {when(e.firstOpenedAt)} · last opened: {when(e.lastOpenedAt)}{" "}
        <span className="muted">(seen in a browser; a link scanner&apos;s prefetch does not count)</span>
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Issued</th>
              <th scope="col">Expires</th>
              <th scope="col">Switched off</th>
              <th scope="col">First opened</th>
              <th scope="col">Last opened</th>
            </tr>
          </thead>
          <tbody>
            {e.links.map((l, i) => (
              <tr key={i}>
                <td>{formatDateTime(l.createdAt)}</td>
                <td>{formatDateTime(l.expiresAt)}</td>
                <td>{when(l.revokedAt)}</td>
                <td>{when(l.firstOpenedAt)}</td>
                <td>{when(l.lastOpenedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>State changes ({formatInteger(e.changes.length)})</h2>
      {e.changesTruncated ? <p className="notice">Only the first {formatInteger(evidenceLimit)} changes are shown.</p> : null}
      <RestoreHistoryTable history={e.changes} />

      <h2>Remedies ({formatInteger(e.remedies.length)})</h2>
      {e.remedies.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="evidence-remedies">
            <thead>
              <tr>
                <th scope="col">Remedy</th>
                <th scope="col">Incident</th>
                <th scope="col">Qualifies now</th>
                <th scope="col">Qualified</th>
                <th scope="col">Announced (email #)</th>
                <th scope="col">Claimed</th>
                <th scope="col">Reference</th>
              </tr>
            </thead>
            <tbody>
              {e.remedies.map((r) => (
                <tr key={r.ruleId}>
                  <td>{r.name}</td>
                  <td>{r.incidentTitle}</td>
                  <td>{r.qualifies ? "yes" : "no"}</td>
                  <td>{formatDateTime(r.qualifiedAt)}</td>
                  <td>{r.announcedAt ? `${formatDateTime(r.announcedAt)}${r.announcedEmailId ? ` (#${r.announcedEmailId})` : ""}` : "—"}</td>
                  <td>{when(r.claimedAt)}</td>
                  <td>{r.claimReference ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
