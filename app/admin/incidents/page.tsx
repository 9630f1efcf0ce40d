import Link from "next/link";
import { languageName } from "@/components/admin/LanguageTabs";
import { locales } from "@/lib/i18n/locales";
import { ActionForm } from "@/components/admin/ActionForm";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { roleHas } from "@/lib/auth/permissions";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { incidentImpacts } from "@/lib/incidents/incident-schemas";
import { listIncidentsForConsole } from "@/lib/incidents/list-incidents";
import { createIncidentAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function IncidentsPage() {
  const staff = await requireStaffPage("console:read");
  const incidents = await listIncidentsForConsole(await prisma());
  return (
    <>
      <h1>Incidents</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Public</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr key={i.id}>
                <td>
                  <Link href={`/admin/incidents/${i.id}`}>{i.title}</Link>
                </td>
                <td>
                  <span className={`badge ${i.status}`}>{i.status}</span>
                </td>
                <td>{formatDateTime(i.startedAt)}</td>
                <td>{i.publishedAt ? formatDateTime(i.publishedAt) : "draft"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {roleHas(staff.role, "incidents:write") ? (
        <section aria-labelledby="new-incident">
          <h2 id="new-incident">New incident (draft)</h2>
          <ActionForm action={createIncidentAction} submitLabel="Create draft">
            <label htmlFor="title">Title</label>
            <input id="title" name="title" type="text" required />
            <label htmlFor="slug">Address (/incidents/…)</label>
            <input id="slug" name="slug" type="text" required pattern="[a-z0-9]+(-[a-z0-9]+)*" />
            <label htmlFor="summary">Summary</label>
            <textarea id="summary" name="summary" rows={3} required />
            <label htmlFor="categories">Kinds of data affected (comma-separated, in order)</label>
            <input id="categories" name="categories" type="text" defaultValue="Contacts, Calendar, Notes, Tasks, Photos" required />
            <label htmlFor="impact">Impact</label>
            <select id="impact" name="impact" defaultValue="major">
              {incidentImpacts.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
            <label htmlFor="defaultLocale">Written in (other languages are added on the incident&apos;s page)</label>
            <select id="defaultLocale" name="defaultLocale" defaultValue="en">
              {locales.map((l) => (
                <option key={l} value={l}>
                  {languageName(l)}
                </option>
              ))}
            </select>
            <label htmlFor="startedAt">Started (UTC)</label>
            <input id="startedAt" name="startedAt" type="datetime-local" required />
          </ActionForm>
        </section>
      ) : null}
    </>
  );
}
