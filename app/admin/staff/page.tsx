import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/ActionForm";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { listStaff } from "@/lib/staff/manage-staff";
import { staffRoles } from "@/lib/staff/staff-schemas";
import { permissions } from "@/lib/auth/permissions";
import { changeStaffRoleAction, inviteStaffAction, reissueInviteAction, resetTwoFactorAction, setStaffDisabledAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage() {
  const me = await requireStaffPage("staff:manage");
  const staff = await listStaff(await prisma());
  return (
    <>
      <h1>Staff</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Since</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.id} data-staff={s.email}>
                <td>
                  {s.email}
                  <br />
                  <span className="muted small">{s.name}</span>
                </td>
                <td>
                  <ActionForm action={changeStaffRoleAction} submitLabel="Change" className="inline-form">
                    <input type="hidden" name="userId" value={s.id} />
                    <label className="visually-hidden" htmlFor={`role-${s.id}`}>
                      Role of {s.email}
                    </label>
                    <select id={`role-${s.id}`} name="role" defaultValue={s.role}>
                      {staffRoles.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  </ActionForm>
                </td>
                <td>
                  {s.banned ? "disabled" : s.hasPassword ? `active · ${s.activeSessions} session(s)` : "invited (no password yet)"}
                  {s.twoFactorEnabled ? <span className="badge">2FA</span> : null}
                </td>
                <td>{formatDateTime(s.createdAt)}</td>
                <td>
                  {s.id === me.id ? (
                    <span className="muted">you</span>
                  ) : (
                    <ActionForm
                      action={setStaffDisabledAction}
                      submitLabel={s.banned ? "Enable" : "Disable"}
                      className="inline-form"
                      confirm={s.banned ? undefined : `Disable ${s.email}? They are signed out at once.`}
                    >
                      <input type="hidden" name="userId" value={s.id} />
                      <input type="hidden" name="disabled" value={s.banned ? "false" : "true"} />
                    </ActionForm>
                  )}
                  {s.twoFactorEnabled && s.id !== me.id ? (
                    <ActionForm
                      action={resetTwoFactorAction}
                      submitLabel="Reset second factor"
                      className="inline-form"
                      confirm={`Reset ${s.email}'s second factor? They are signed out and must set up a new one.`}
                    >
                      <input type="hidden" name="userId" value={s.id} />
                    </ActionForm>
                  ) : null}
                  {!s.banned && !s.hasPassword ? (
                    <ActionForm action={reissueInviteAction} submitLabel="New invite link" className="inline-form">
                      <input type="hidden" name="userId" value={s.id} />
                    </ActionForm>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="invite">
        <h2 id="invite">Invite a staff member</h2>
        <ActionForm action={inviteStaffAction} submitLabel="Invite" testId="invite-staff" resetOnSuccess>
          <label htmlFor="invite-email">Email</label>
          <input id="invite-email" name="email" type="email" required />
          <label htmlFor="invite-name">Name</label>
          <input id="invite-name" name="name" type="text" />
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="viewer">
            {staffRoles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </ActionForm>
      </section>

      <section aria-labelledby="roles">
        <h2 id="roles">What each role may do</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Permission</th>
                {staffRoles.map((r) => (
                  <th key={r} scope="col">
                    {r}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Object.entries(permissions).map(([permission, roles]) => (
                <tr key={permission}>
                  <th scope="row">{permission}</th>
                  {staffRoles.map((r) => (
                    <td key={r}>{(roles as readonly string[]).includes(r) ? "yes" : "—"}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
