import Link from "next/link";
import { AccountEmailsTable, RestoreHistoryTable } from "@/components/admin/AccountRecord";
import { ActionForm } from "@/components/admin/ActionForm";
import { notFound } from "next/navigation";
import { getAccountDetail } from "@/lib/accounts/get-account-detail";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { roleHas } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatDateTime, formatInteger } from "@/lib/format";
import { impactStates, staffStateLabel } from "@/lib/restores/impact-states";
import { resendEmailAction } from "../../mail/actions";
import { changeImpactStateAction } from "../actions";

export const dynamic = "force-dynamic";


export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaffPage("accounts:read");
  const { id } = await params;
  const accountId = Number(id);
  if (!Number.isSafeInteger(accountId) || accountId <= 0) notFound();
  const account = await getAccountDetail(await prisma(), accountId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const canWrite = roleHas(staff.role, "accounts:write");
  // Emails are newest first. Resending needs mail:write; resendEmailAction checks it itself.
  const lastRestoreEmail = roleHas(staff.role, "mail:write") ? account.emails.find((m) => m.kind === "restore" && m.status !== "queued") : undefined;

  return (
    <main id="main" className="container">
      <p>
        <Link href="/admin/accounts">Accounts</Link>
      </p>
      <h1>
        {account.displayName} <span className="muted">({account.externalRef})</span>
      </h1>
      <p>
        {account.email} · locale {account.locale} · added {formatDateTime(account.createdAt)} ·{" "}
        <Link href={`/admin/accounts/${account.id}/evidence`}>Proof of notice (printable)</Link>
      </p>

      <section className="card" aria-labelledby="categories">
        <h2 id="categories">Data by category</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">State</th>
                <th scope="col">Items restored</th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {account.categories.map((c) => (
                <tr key={c.categoryId} data-category={c.key}>
                  <th scope="row">{c.label}</th>
                  <td>
                    <span className={`badge ${c.state}`}>{staffStateLabel(c.state)}</span>
                  </td>
                  <td>
                    {formatInteger(c.itemsRestored)} of {formatInteger(c.itemsTotal)}
                  </td>
                  <td>{formatDateTime(c.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {canWrite && account.categories.length > 0 ? (
        <section className="card" aria-labelledby="change">
          <h2 id="change">Change a category</h2>
          <ActionForm action={changeImpactStateAction} submitLabel="Save change">
            <input type="hidden" name="accountId" value={account.id} />
            <p>
              <label htmlFor="categoryId">Category</label>{" "}
              <select id="categoryId" name="categoryId" required>
                {account.categories.map((c) => (
                  <option key={c.categoryId} value={c.categoryId}>
                    {c.label}
                  </option>
                ))}
              </select>{" "}
              <label htmlFor="toState">New state</label>{" "}
              <select id="toState" name="toState" required defaultValue="restored">
                {impactStates.map((s) => (
                  <option key={s} value={s}>
                    {staffStateLabel(s)}
                  </option>
                ))}
              </select>
            </p>
            <p>
              <label htmlFor="itemsRestored">Items restored (optional)</label>{" "}
              <input id="itemsRestored" name="itemsRestored" type="number" min={0} inputMode="numeric" />{" "}
              <label htmlFor="itemsTotal">Items in total (optional)</label>{" "}
              <input id="itemsTotal" name="itemsTotal" type="number" min={0} inputMode="numeric" />
            </p>
            <p>
              <label htmlFor="note">Note</label>{" "}
              <input id="note" name="note" required maxLength={1000} size={50} />
            </p>
          </ActionForm>
        </section>
      ) : null}

      <section className="card" aria-labelledby="history">
        <h2 id="history">Restore history</h2>
        <RestoreHistoryTable history={account.history} />
        {account.historyTruncated ? <p className="muted">Showing the latest 500 changes.</p> : null}
      </section>

      <section className="card" aria-labelledby="emails">
        <h2 id="emails">Emails</h2>
        {lastRestoreEmail ? (
          <ActionForm action={resendEmailAction} submitLabel="Resend the last restore email">
            <input type="hidden" name="id" value={lastRestoreEmail.id} />
            <p className="muted">
              ({lastRestoreEmail.status}, queued {formatDateTime(lastRestoreEmail.createdAt)}; it is sent again as it was, and the resend is audited)
            </p>
          </ActionForm>
        ) : null}
        <AccountEmailsTable emails={account.emails} />
      </section>
    </main>
  );
}
