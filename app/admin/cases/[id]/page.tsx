import Link from "next/link";
import { notFound } from "next/navigation";
import { AccountEmailsTable, RestoreHistoryTable } from "@/components/admin/AccountRecord";
import { ActionForm } from "@/components/admin/ActionForm";
import { roleHas } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { caseNumber, caseStates, staffCaseStateLabels } from "@/lib/cases/case-schemas";
import { getCase } from "@/lib/cases/get-case";
import { listCaseAssignees } from "@/lib/cases/list-cases";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatAge, formatDateTime, formatInteger } from "@/lib/format";
import { staffStateLabel } from "@/lib/restores/impact-states";
import { addCaseNoteAction, assignCaseAction, replyToCaseAction, setCaseStateAction } from "../actions";

export const dynamic = "force-dynamic";

const messageLabel = { report: "Customer's report", customer: "Customer", reply: "Reply (emailed, on the customer's page)", note: "Internal note (staff only)" } as const;

export default async function CasePage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaffPage("cases:read");
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const db = await prisma();
  const c = await getCase(db, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const canWrite = roleHas(staff.role, "cases:write");
  const assignees = canWrite ? await listCaseAssignees(db) : [];
  return (
    <main id="main" className="container">
      <p>
        <Link href="/admin/cases">Support cases</Link>
      </p>
      <h1>
        {caseNumber(c.id)}: {c.category.label} <span className="muted">({staffCaseStateLabels[c.state]})</span>
      </h1>
      <dl className="card">
        <dt>Account</dt>
        <dd>
          <Link href={`/admin/accounts/${c.account.id}`} data-testid="case-account">
            {c.account.displayName}
          </Link> ({c.account.externalRef}) · {c.account.email}
        </dd>
        <dt>Incident</dt>
        <dd>{c.incident.title}</dd>
        <dt>Reported</dt>
        <dd>
          {formatDateTime(c.createdAt)} ({formatAge(c.ageSeconds)} ago)
        </dd>
        <dt>What is missing</dt>
        <dd data-testid="case-missing">
          {c.missing}
          {c.itemsExpected !== null ? ` · expected ${formatInteger(c.itemsExpected)} items` : ""}
        </dd>
        <dt>How to reach them</dt>
        <dd>{c.contact}</dd>
        <dt>The category now</dt>
        <dd>
          {c.impact ? `${staffStateLabel(c.impact.state)}, ${formatInteger(c.impact.itemsRestored)} of ${formatInteger(c.impact.itemsTotal)} items` : "no impact row"}
        </dd>
        <dt>Assignee</dt>
        <dd>{c.assignee?.email ?? "nobody"}</dd>
      </dl>

      <section className="card" aria-labelledby="messages">
        <h2 id="messages">Messages</h2>
        <ol className="messages">
          {c.messages.map((m) => (
            <li key={m.id} data-message-kind={m.kind} className={m.kind === "note" ? "note" : undefined}>
              <p className="muted">
                <strong>{messageLabel[m.kind]}</strong> · {m.author ?? "customer"} · {formatDateTime(m.createdAt)}
              </p>
              <p className="pre-line">{m.body}</p>
            </li>
          ))}
        </ol>
      </section>

      {canWrite ? (
        <>
          <section className="card" aria-labelledby="reply">
            <h2 id="reply">Reply to the customer</h2>
            <ActionForm action={replyToCaseAction} submitLabel="Send reply" resetOnSuccess>
              <input type="hidden" name="caseId" value={c.id} />
              <p>
                <label htmlFor="reply-body">Reply (the customer reads it on their page and by email)</label>
                <br />
                <textarea id="reply-body" name="body" rows={5} cols={70} required maxLength={10000} />
              </p>
              <p>
                <label htmlFor="reply-state">Then the case is</label>{" "}
                <select id="reply-state" name="state" defaultValue="waiting_on_customer">
                  {caseStates.map((s) => (
                    <option key={s} value={s}>
                      {staffCaseStateLabels[s]}
                    </option>
                  ))}
                </select>
              </p>
            </ActionForm>
          </section>
          <section className="card" aria-labelledby="note">
            <h2 id="note">Internal note</h2>
            <ActionForm action={addCaseNoteAction} submitLabel="Save note" resetOnSuccess>
              <input type="hidden" name="caseId" value={c.id} />
              <p>
                <label htmlFor="note-body">Note (never shown to the customer)</label>
                <br />
                <textarea id="note-body" name="body" rows={3} cols={70} required maxLength={10000} />
              </p>
            </ActionForm>
          </section>
          <section className="card" aria-labelledby="manage">
            <h2 id="manage">State and assignee</h2>
            <ActionForm action={setCaseStateAction} submitLabel="Change state">
              <input type="hidden" name="caseId" value={c.id} />
              <label htmlFor="case-state">State</label>{" "}
              <select id="case-state" name="state" defaultValue={c.state}>
                {caseStates.map((s) => (
                  <option key={s} value={s}>
                    {staffCaseStateLabels[s]}
                  </option>
                ))}
              </select>
            </ActionForm>
            <ActionForm action={assignCaseAction} submitLabel="Assign">
              <input type="hidden" name="caseId" value={c.id} />
              <label htmlFor="case-assignee">Assignee</label>{" "}
              <select id="case-assignee" name="assigneeId" defaultValue={c.assignee?.id ?? ""}>
                <option value="">nobody</option>
                {assignees.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.email}
                  </option>
                ))}
              </select>
            </ActionForm>
          </section>
        </>
      ) : null}

      <section className="card" aria-labelledby="history">
        <h2 id="history">The account&apos;s restore history</h2>
        <RestoreHistoryTable history={c.account.history} />
      </section>
      <section className="card" aria-labelledby="emails">
        <h2 id="emails">The account&apos;s emails</h2>
        <AccountEmailsTable emails={c.account.emails} />
      </section>
    </main>
  );
}
