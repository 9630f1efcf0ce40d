import type { Metadata } from "next";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime, formatInteger } from "@/lib/format";
import { listOutbox, outboxFilterSchema } from "@/lib/mail/list-outbox";
import { previewKinds } from "@/lib/mail/preview-email";

export const metadata: Metadata = { title: "Mail" };
export const dynamic = "force-dynamic";

const statuses = ["queued", "sending", "sent", "failed", "parked"] as const;

export default async function MailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff("mail:read");
  const filter = outboxFilterSchema.parse(await searchParams);
  const { rows, counts, nextBefore } = await listOutbox(await prisma(), filter);
  const query = (extra: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ status: filter.status, to: filter.to, ...extra })) if (v !== undefined && v !== "") params.set(k, String(v));
    const s = params.toString();
    return s ? `/admin/mail?${s}` : "/admin/mail";
  };
  return (
    <main id="main" className="container">
      <h1>Mail</h1>
      <p className="muted">
        Every email is a row of the outbox. Without SMTP_URL, sent mail is kept here (open a sent row to read it). Parked
        messages failed for good or ran out of attempts: read the error, fix the cause, resend.
      </p>
      <nav aria-label="Filter by status">
        <Link href={query({ status: undefined, before: undefined })}>All</Link>
        {statuses.map((s) => (
          <span key={s}>
            {" · "}
            <Link href={query({ status: s, before: undefined })} aria-current={filter.status === s ? "page" : undefined}>
              {s} ({formatInteger(counts[s] ?? 0)})
            </Link>
          </span>
        ))}
      </nav>
      <form method="get" action="/admin/mail" style={{ margin: "1rem 0" }}>
        {filter.status ? <input type="hidden" name="status" value={filter.status} /> : null}
        <label>
          Recipient <input type="email" name="to" defaultValue={filter.to ?? ""} />
        </label>{" "}
        <button type="submit">Search</button>
      </form>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Kind</th>
              <th>To</th>
              <th>Subject</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Next attempt / sent</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`/admin/mail/${r.id}`}>{r.id}</Link>
                </td>
                <td>{r.kind}</td>
                <td>{r.toAddress}</td>
                <td>{r.subject}</td>
                <td>{r.status}</td>
                <td>{r.attempts}</td>
                <td>{r.sentAt ? formatDateTime(r.sentAt) : formatDateTime(r.nextAttemptAt)}</td>
                <td className="muted">{r.lastError ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length === 0 ? <p>No emails{filter.status ? ` with status ${filter.status}` : ""}.</p> : null}
      {nextBefore ? <Link href={query({ before: nextBefore })}>Older</Link> : null}
      <h2>Template previews</h2>
      <ul>
        {previewKinds.map((k) => (
          <li key={k}>
            <Link href={`/admin/mail/preview/${k}`}>{k}</Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
