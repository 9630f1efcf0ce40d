import Link from "next/link";
import { CategoryProgressList } from "@/components/CategoryProgress";
import { RecoveryChart } from "@/components/RecoveryChart";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime, formatInteger } from "@/lib/format";
import { getDashboard } from "@/lib/staff/get-dashboard";

export const dynamic = "force-dynamic";

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  await requireStaffPage("console:read");
  const { denied } = await searchParams;
  const db = await prisma();
  const dashboard = await getDashboard(db);
  return (
    <>
      <h1>Dashboard</h1>
      {denied ? (
        <p className="notice error" role="alert">
          Your role does not allow that page ({denied}).
        </p>
      ) : null}
      {dashboard.disabledWebhooks.length > 0 ? (
        <div className="notice error" role="alert" data-testid="disabled-webhooks">
          <p>
            <strong>
              {dashboard.disabledWebhooks.length === 1 ? "A webhook endpoint is disabled" : `${dashboard.disabledWebhooks.length} webhook endpoints are disabled`}
            </strong>
            : their events are not being delivered.
          </p>
          <ul>
            {dashboard.disabledWebhooks.map((w) => (
              <li key={w.id}>
                <Link href={`/admin/webhooks/${w.id}`}>{w.description || w.host}</Link>: {w.disabledReason ?? "disabled"}
                {w.disabledAt ? ` (${formatDateTime(w.disabledAt)})` : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <section aria-labelledby="emails">
        <h2 id="emails">Emails</h2>
        <ul className="stats">
          {(["queued", "sending", "sent", "failed", "parked"] as const).map((status) => (
            <li key={status} data-email-status={status}>
              <strong>{formatInteger(dashboard.emails[status])}</strong> {status}
            </li>
          ))}
        </ul>
        <p>
          <Link href="/admin/mail">Open the mail view</Link>
        </p>
      </section>
      {dashboard.incidents.length === 0 ? <p className="card">No open incident.</p> : null}
      {dashboard.incidents.map((incident) => (
        <section key={incident.id} className="card" aria-labelledby={`incident-${incident.id}`}>
          <h2 id={`incident-${incident.id}`}>
            <Link href={`/admin/incidents/${incident.id}`}>{incident.title}</Link>
          </h2>
          <p>
            <span className={`badge ${incident.status}`}>{incident.status}</span> {incident.published ? null : <span className="badge">draft</span>}
          </p>
          <CategoryProgressList categories={incident.categories} />
          <h3>Restored over time</h3>
          <RecoveryChart id={`chart-${incident.id}`} points={incident.chart} categories={incident.categories} tableRows={8} />
        </section>
      ))}
      <section aria-labelledby="recent-audit">
        <h2 id="recent-audit">Recent activity</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Target</th>
              </tr>
            </thead>
            <tbody>
              {dashboard.recentAudit.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.createdAt)}</td>
                  <td>{entry.actorLabel}</td>
                  <td>{entry.action}</td>
                  <td>
                    {entry.targetType} {entry.targetId}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <Link href="/admin/audit">Full audit log</Link>
        </p>
      </section>
    </>
  );
}
