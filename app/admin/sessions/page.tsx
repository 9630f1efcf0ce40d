import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/ActionForm";
import { principalFor } from "@/lib/auth/principal";
import { roleHas } from "@/lib/auth/permissions";
import { currentStaff, requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { formatDateTime } from "@/lib/format";
import { listStaffSessions, type StaffSessionRow } from "@/lib/staff/staff-sessions";
import { endSessionAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sessions" };

function SessionTable({ rows, currentId, label, showEmail }: { rows: StaffSessionRow[]; currentId: string | undefined; label: string; showEmail: boolean }) {
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            {showEmail ? <th scope="col">Staff member</th> : null}
            <th scope="col">Signed in</th>
            <th scope="col">Last active</th>
            <th scope="col">From</th>
            <th scope="col">Browser</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id} data-session={s.id}>
              {showEmail ? <td>{s.email}</td> : null}
              <td>{formatDateTime(s.createdAt)}</td>
              <td>{formatDateTime(s.lastActiveAt)}</td>
              <td>{s.ipAddress ?? "unknown"}</td>
              <td className="small">{s.userAgent?.slice(0, 120) ?? "unknown"}</td>
              <td>
                {s.id === currentId ? <span className="badge">this session</span> : null}
                <ActionForm action={endSessionAction} submitLabel="End session" className="inline-form">
                  <input type="hidden" name="sessionId" value={s.id} />
                </ActionForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default async function SessionsPage() {
  const staff = await requireStaffPage("console:read");
  const current = await currentStaff();
  const principal = principalFor(staff);
  const db = await prisma();
  const mine = await listStaffSessions(db, principal, "mine");
  const everyone = roleHas(staff.role, "staff:manage") ? (await listStaffSessions(db, principal, "everyone")).filter((s) => s.userId !== staff.id) : null;
  const e = env();
  return (
    <>
      <h1>Sessions</h1>
      <p className="muted">
        A session ends after {e.STAFF_SESSION_IDLE_MINUTES} minutes without use, and {e.STAFF_SESSION_MAX_HOURS} hours after sign-in in any case. Ending one signs
        that browser out on its next click.
      </p>
      <h2>Your sessions</h2>
      <SessionTable rows={mine} currentId={current?.sessionId} label="Your sessions" showEmail={false} />
      {everyone ? (
        <>
          <h2>Other staff</h2>
          {everyone.length ? <SessionTable rows={everyone} currentId={undefined} label="Sessions of other staff" showEmail /> : <p>No one else is signed in.</p>}
        </>
      ) : null}
    </>
  );
}
