import Link from "next/link";
import { ActionForm } from "@/components/admin/ActionForm";
import { roleHas } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { getCaseTrends } from "@/lib/cases/get-case-trends";
import { previewRestoreReported, reportedCategorySchema } from "@/lib/cases/restore-reported-category";
import { prisma } from "@/lib/db";
import { pageOutcome } from "@/lib/http/page-outcome";
import { formatInteger } from "@/lib/format";
import { listIncidentsForConsole } from "@/lib/incidents/list-incidents";
import { staffStateLabel } from "@/lib/restores/impact-states";
import { restoreReportedCategoryAction } from "../actions";

export const dynamic = "force-dynamic";

/**
 * Reports per category per day (a spike of "photos missing" is a systematic fault), and
 * the one bulk step: every account with an unresolved report about a category back to
 * restoring, dry run first (GET ?categoryId=), then the confirmation carrying its count.
 */
export default async function CaseDashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaffPage("cases:read");
  const q = await searchParams;
  const text = (k: string) => (typeof q[k] === "string" ? (q[k] as string) : "");
  const db = await prisma();
  const incidents = await listIncidentsForConsole(db);
  const incident = incidents.find((i) => i.id === text("incidentId")) ?? incidents[0];
  if (!incident) {
    return (
      <main id="main" className="container">
        <h1>Reports per category</h1>
        <p className="card">No incident yet.</p>
      </main>
    );
  }
  const trends = await getCaseTrends(db, incident.id);
  const canBulk = roleHas(staff.role, "cases:write") && roleHas(staff.role, "accounts:write");
  const asked = reportedCategorySchema.safeParse({ incidentId: incident.id, categoryId: text("categoryId") });
  const previewed = canBulk && asked.success && !text("done") ? await pageOutcome(previewRestoreReported(db, asked.data)) : null;
  const preview = previewed?.value ?? null;
  const previewError = previewed?.error ?? null;
  return (
    <main id="main" className="container">
      <p>
        <Link href="/admin/cases">Support cases</Link>
      </p>
      <h1>Reports per category</h1>
      <form method="get" action="/admin/cases/dashboard" className="card">
        <label htmlFor="incidentId">Incident</label>{" "}
        <select id="incidentId" name="incidentId" defaultValue={incident.id}>
          {incidents.map((i) => (
            <option key={i.id} value={i.id}>
              {i.title}
            </option>
          ))}
        </select>{" "}
        <button type="submit">Show</button>
      </form>
      {text("done") ? (
        <p className="notice ok" role="status">
          Done: {formatInteger(Number(text("done")))} accounts moved back to restoring ({text("category")}), each with its own history entry.
        </p>
      ) : null}
      <div className="table-wrap">
        <table data-testid="case-trends">
          <caption className="muted">Reports opened per day (UTC), last {trends.days.length} days; a spike is marked</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              {trends.days.map((d) => (
                <th key={d} scope="col">
                  {d.slice(5)}
                </th>
              ))}
              <th scope="col">Total</th>
              <th scope="col">Accounts with an unresolved report</th>
            </tr>
          </thead>
          <tbody>
            {trends.categories.map((c) => (
              <tr key={c.id} data-category={c.key}>
                <th scope="row">{c.label}</th>
                {c.counts.map((n, i) => (
                  <td key={trends.days[i]} className={c.spikes[i] ? "spike" : undefined} data-spike={c.spikes[i] ? "true" : undefined}>
                    {c.spikes[i] ? <strong>{formatInteger(n)} (spike)</strong> : n === 0 ? <span className="muted">0</span> : formatInteger(n)}
                  </td>
                ))}
                <td>{formatInteger(c.total)}</td>
                <td>
                  {formatInteger(c.openAccounts)}
                  {canBulk && c.openAccounts > 0 ? (
                    <>
                      {" "}
                      <Link href={`/admin/cases/dashboard?${new URLSearchParams({ incidentId: incident.id, categoryId: String(c.id) })}#bulk`}>Dry run: back to restoring</Link>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {previewError ? <p className="notice error">{previewError}</p> : null}
      {preview ? (
        <section id="bulk" className="card" aria-labelledby="bulk-heading">
          <h2 id="bulk-heading">Dry run: {preview.category.label} back to restoring</h2>
          <p>
            <strong data-testid="bulk-count">{formatInteger(preview.count)}</strong> accounts with an unresolved report about {preview.category.label.toLowerCase()} would move
            back to restoring in that category (accounts already restoring are left as they are).
          </p>
          {preview.byState.length > 0 ? (
            <ul>
              {preview.byState.map((s) => (
                <li key={s.state}>
                  from {staffStateLabel(s.state)}: {formatInteger(s.n)}
                </li>
              ))}
            </ul>
          ) : null}
          <ActionForm action={restoreReportedCategoryAction} submitLabel={`Move ${formatInteger(preview.count)} accounts back to restoring`} disabled={preview.count === 0}>
            <input type="hidden" name="incidentId" value={incident.id} />
            <input type="hidden" name="categoryId" value={preview.category.id} />
            <input type="hidden" name="expectedCount" value={preview.count} />
            <p>
              <label htmlFor="bulk-note">Note (shown in each account&apos;s history)</label> <input id="bulk-note" name="note" required maxLength={1000} size={50} />
            </p>
          </ActionForm>
        </section>
      ) : null}
    </main>
  );
}
