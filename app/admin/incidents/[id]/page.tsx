import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/admin/ActionForm";
import { MarkdownEditor } from "@/components/admin/MarkdownEditor";
import { roleHas } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { incidentImpacts, incidentPublicPath, incidentStatuses } from "@/lib/incidents/incident-schemas";
import { getIncidentForEditor } from "@/lib/incidents/list-incidents";
import { renderMarkdown } from "@/lib/markdown";
import { previewMarkdownAction } from "../../actions";
import { postIncidentUpdateAction, publishIncidentAction, updateIncidentAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incident" };

export default async function IncidentEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaffPage("console:read");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const incident = await getIncidentForEditor(await prisma(), id);
  if (!incident) notFound();
  const canWrite = roleHas(staff.role, "incidents:write");

  return (
    <>
      <p>
        <Link href="/admin/incidents">← Incidents</Link>
      </p>
      <h1>{incident.title}</h1>
      <p>
        <span className={`badge ${incident.status}`}>{incident.status}</span>{" "}
        {incident.publishedAt ? (
          <>
            Published {formatDateTime(incident.publishedAt)} · <Link href={incidentPublicPath(incident.slug)}>public page</Link>
          </>
        ) : (
          <span className="badge">draft</span>
        )}{" "}
        · version {incident.version} · kinds of data: {incident.categories.map((c) => c.label).join(", ")}
      </p>
      {roleHas(staff.role, "exports:read") ? (
        <p data-testid="exports">
          <Link href={`/admin/incidents/${incident.id}/remedies`}>Remedies</Link> · CSV exports (streamed; formula-safe):{" "}
          {(["accounts", "evidence", "remedies", "cases"] as const).map((kind, i) => (
            <span key={kind}>
              {i > 0 ? " · " : ""}
              <a href={`/api/admin/exports/${kind}?incident=${encodeURIComponent(incident.slug)}`} download>
                {kind === "evidence" ? "proof of notice" : kind}
              </a>
            </span>
          ))}
        </p>
      ) : null}
      {roleHas(staff.role, "reports:read") ? (
        <p>
          <Link href={`/admin/incidents/${incident.id}/report`}>Regulator summary (GDPR Art. 33)</Link>
        </p>
      ) : null}
      {!canWrite ? <p className="notice">Your role ({staff.role}) can read incidents but not change them.</p> : null}

      {canWrite && !incident.publishedAt ? (
        <ActionForm action={publishIncidentAction} submitLabel="Publish incident" confirm="Publish this incident on the status page?" testId="publish-incident">
          <input type="hidden" name="id" value={incident.id} />
        </ActionForm>
      ) : null}

      {canWrite ? (
        <section aria-labelledby="post-update">
          <h2 id="post-update">Post an update</h2>
          <ActionForm action={postIncidentUpdateAction} submitLabel="Publish update" testId="post-update" resetOnSuccess>
            <input type="hidden" name="incidentId" value={incident.id} />
            <label htmlFor="status">Status</label>
            <select id="status" name="status" defaultValue={incident.status}>
              {incidentStatuses.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
            <MarkdownEditor name="body" label="Update (markdown)" rows={8} required preview={previewMarkdownAction} />
            <label>
              <input type="checkbox" name="notifySubscribers" /> Notify subscribers by email
            </label>
          </ActionForm>
        </section>
      ) : null}

      <section aria-labelledby="timeline">
        <h2 id="timeline">Updates</h2>
        {incident.updates.length === 0 ? <p className="muted">No update yet.</p> : null}
        {incident.updates.map((u) => (
          <article key={u.id} className="card">
            <p className="muted">
              <span className={`badge ${u.status}`}>{u.status}</span> {formatDateTime(u.publishedAt)}
              {u.author ? ` · ${u.author.email}` : ""}
              {u.notifySubscribers ? " · subscribers notified" : ""}
            </p>
            <div className="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(u.body) }} />
          </article>
        ))}
      </section>

      {canWrite ? (
        <section aria-labelledby="edit">
          <h2 id="edit">Edit the incident</h2>
          <ActionForm action={updateIncidentAction} submitLabel="Save changes" testId="edit-incident">
            <input type="hidden" name="id" value={incident.id} />
            <input type="hidden" name="version" defaultValue={incident.version} />
            <label htmlFor="title">Title</label>
            <input id="title" name="title" type="text" defaultValue={incident.title} required />
            <label htmlFor="summary">Summary</label>
            <textarea id="summary" name="summary" rows={4} defaultValue={incident.summary} required />
            <label htmlFor="advice">Advice to customers (one per line)</label>
            <textarea id="advice" name="advice" rows={4} defaultValue={incident.advice} />
            <label htmlFor="remedy">What we offer</label>
            <textarea id="remedy" name="remedy" rows={3} defaultValue={incident.remedy} />
            <label htmlFor="impact">Impact</label>
            <select id="impact" name="impact" defaultValue={incident.impact}>
              {incidentImpacts.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
            <label htmlFor="startedAt">Started (UTC)</label>
            <input id="startedAt" name="startedAt" type="datetime-local" defaultValue={incident.startedAt.toISOString().slice(0, 16)} required />
          </ActionForm>
        </section>
      ) : null}
    </>
  );
}
