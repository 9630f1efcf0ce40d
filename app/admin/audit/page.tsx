import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { auditFilterSchema, listAuditLog } from "@/lib/staff/list-audit-log";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type Search = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireStaffPage("audit:read");
  const raw = await searchParams;
  const parsed = auditFilterSchema.safeParse({
    actor: first(raw.actor),
    action: first(raw.action),
    targetType: first(raw.targetType),
    targetId: first(raw.targetId),
    before: first(raw.before) || undefined,
  });
  const filter = parsed.success ? parsed.data : auditFilterSchema.parse({});
  const { entries, nextBefore } = await listAuditLog(await prisma(), filter);
  const next = new URLSearchParams();
  for (const key of ["actor", "action", "targetType", "targetId"] as const) if (filter[key]) next.set(key, filter[key]);
  if (nextBefore) next.set("before", String(nextBefore));

  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">Every staff and API write, newest first. The log is append-only.</p>
      <form method="get" className="filters" role="search">
        <div>
          <label htmlFor="actor">Actor (email, key name or id)</label>
          <input id="actor" name="actor" type="search" defaultValue={filter.actor} />
        </div>
        <div>
          <label htmlFor="action">Action (e.g. incident. or staff.disable)</label>
          <input id="action" name="action" type="search" defaultValue={filter.action} />
        </div>
        <div>
          <label htmlFor="targetType">Target type</label>
          <input id="targetType" name="targetType" type="search" defaultValue={filter.targetType} />
        </div>
        <div>
          <label htmlFor="targetId">Target id</label>
          <input id="targetId" name="targetId" type="search" defaultValue={filter.targetId} />
        </div>
        <div className="form-actions">
          <button type="submit">Filter</button>
          <Link href="/admin/audit">Clear</Link>
        </div>
      </form>
      <div className="table-wrap">
        <table data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">IP</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.createdAt)}</td>
                <td>
                  {e.actorLabel}
                  <br />
                  <span className="muted small">{e.actorType}</span>
                </td>
                <td>{e.ip ?? ""}</td>
                <td>{e.action}</td>
                <td>
                  <Link href={`/admin/audit?targetType=${encodeURIComponent(e.targetType)}&targetId=${encodeURIComponent(e.targetId ?? "")}`}>
                    {e.targetType} {e.targetId}
                  </Link>
                </td>
                <td>
                  {e.before !== null || e.after !== null ? (
                    <details>
                      <summary>before / after</summary>
                      <pre className="small">{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre>
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {entries.length === 0 ? <p className="muted">No entry matches.</p> : null}
      {nextBefore ? (
        <p>
          <Link href={`/admin/audit?${next.toString()}`}>Older entries →</Link>
        </p>
      ) : null}
    </>
  );
}
