import Link from "next/link";
import type { AccountDetail } from "@/lib/accounts/get-account-detail";
import { formatDateTime, formatInteger } from "@/lib/format";
import { staffStateLabel } from "@/lib/restores/impact-states";

/** An account's restore history and emails, as support reads them (the account page and the case page). */
export function RestoreHistoryTable({ history }: { history: AccountDetail["history"] }) {
  if (history.length === 0) return <p className="muted">No changes yet.</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Category</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Items</th>
            <th scope="col">Who</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {history.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.at)}</td>
              <td>{e.category}</td>
              <td>{staffStateLabel(e.fromState)}</td>
              <td>{staffStateLabel(e.toState)}</td>
              <td>{e.itemsRestored === null ? "" : `${formatInteger(e.itemsRestored)} of ${formatInteger(e.itemsTotal ?? 0)}`}</td>
              <td>{e.actorType === "import" && e.actorId ? <Link href={`/admin/imports/${e.actorId}`}>{e.actorLabel}</Link> : e.actorLabel}</td>
              <td>{e.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AccountEmailsTable({ emails }: { emails: AccountDetail["emails"] }) {
  if (emails.length === 0) return <p className="muted">No email for this account yet.</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Queued</th>
            <th scope="col">Kind</th>
            <th scope="col">Subject</th>
            <th scope="col">To</th>
            <th scope="col">Delivery</th>
          </tr>
        </thead>
        <tbody>
          {emails.map((m) => (
            <tr key={m.id}>
              <td>{formatDateTime(m.createdAt)}</td>
              <td>{m.kind.replace("_", " ")}</td>
              <td>
                <Link href={`/admin/mail/${m.id}`}>{m.subject}</Link>
              </td>
              <td>{m.toAddress}</td>
              <td>
                <span className={`badge ${m.status}`}>{m.status}</span>
                {m.status === "sent" && m.sentAt ? ` ${formatDateTime(m.sentAt)}` : ""}
                {m.status === "queued" ? ` not before ${formatDateTime(m.nextAttemptAt)}` : ""}
                {m.attempts > 0 ? ` · ${m.attempts} attempt${m.attempts === 1 ? "" : "s"}` : ""}
                {m.lastError ? ` · last error: ${m.lastError}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
