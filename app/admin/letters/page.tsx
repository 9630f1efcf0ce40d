import Link from "next/link";
import { ActionForm } from "@/components/admin/ActionForm";
import { roleHas } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { listIncidentsForConsole } from "@/lib/incidents/list-incidents";
import { listLettersForConsole } from "@/lib/letters/list-letters";
import { createLetterAction, createPostIncidentReportAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function LettersPage() {
  const staff = await requireStaffPage("console:read");
  const db = await prisma();
  const [letters, incidents] = await Promise.all([listLettersForConsole(db), listIncidentsForConsole(db)]);
  return (
    <>
      <h1>Letters and post-incident reports</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Incident</th>
              <th scope="col">Published</th>
              <th scope="col">Revisions</th>
            </tr>
          </thead>
          <tbody>
            {letters.map((l) => (
              <tr key={l.id}>
                <td>
                  <Link href={`/admin/letters/${l.id}`}>{l.title}</Link>
                  {l.kind === "post_incident_report" ? <span className="badge">post-incident report</span> : null}
                </td>
                <td>{l.incident.title}</td>
                <td>{l.publishedAt ? formatDateTime(l.publishedAt) : "draft"}</td>
                <td>{l._count.revisions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {roleHas(staff.role, "letters:write") && incidents.length > 0 ? (
        <section aria-labelledby="new-letter">
          <h2 id="new-letter">New letter (draft)</h2>
          <ActionForm action={createLetterAction} submitLabel="Create draft">
            <label htmlFor="incidentId">Incident</label>
            <select id="incidentId" name="incidentId">
              {incidents.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title}
                </option>
              ))}
            </select>
            <label htmlFor="title">Title</label>
            <input id="title" name="title" type="text" required />
            <label htmlFor="slug">Address (/letters/…)</label>
            <input id="slug" name="slug" type="text" required pattern="[a-z0-9]+(-[a-z0-9]+)*" />
            <label htmlFor="body">Body (markdown; you can edit it with a preview after creating)</label>
            <textarea id="body" name="body" rows={6} required defaultValue={"Dear {{name}},\n\n"} />
            <label htmlFor="signatoryName">Signed by</label>
            <input id="signatoryName" name="signatoryName" type="text" required />
            <label htmlFor="signatoryTitle">Their title</label>
            <input id="signatoryTitle" name="signatoryTitle" type="text" required />
          </ActionForm>
        </section>
      ) : null}
      {roleHas(staff.role, "letters:write") && incidents.length > 0 ? (
        <section aria-labelledby="new-report">
          <h2 id="new-report">New post-incident report (draft)</h2>
          <p>
            Starts with the sections a post-incident report needs (summary, impact in figures, timeline, root cause, what changes).{" "}
            <code>{"{{impact}}"}</code> and <code>{"{{timeline}}"}</code> are filled in from the records each time it is published.
          </p>
          <ActionForm action={createPostIncidentReportAction} submitLabel="Create report draft">
            <label htmlFor="report-incidentId">Incident</label>
            <select id="report-incidentId" name="incidentId">
              {incidents.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.title}
                </option>
              ))}
            </select>
            <label htmlFor="report-title">Title</label>
            <input id="report-title" name="title" type="text" required />
            <label htmlFor="report-slug">Address (/letters/…)</label>
            <input id="report-slug" name="slug" type="text" required pattern="[a-z0-9]+(-[a-z0-9]+)*" />
            <label htmlFor="report-signatoryName">Signed by</label>
            <input id="report-signatoryName" name="signatoryName" type="text" required />
            <label htmlFor="report-signatoryTitle">Their title</label>
            <input id="report-signatoryTitle" name="signatoryTitle" type="text" required />
          </ActionForm>
        </section>
      ) : null}
    </>
  );
}
