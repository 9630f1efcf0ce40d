import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/admin/ActionForm";
import { editedLanguage, LanguageTabs, languageName } from "@/components/admin/LanguageTabs";
import { MarkdownEditor } from "@/components/admin/MarkdownEditor";
import { roleHas } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { categoryLabel } from "@/lib/i18n/category-label";
import { locales } from "@/lib/i18n/locales";
import { incidentImpacts, incidentPublicPath, incidentStatuses } from "@/lib/incidents/incident-schemas";
import { getIncidentForEditor } from "@/lib/incidents/list-incidents";
import { renderMarkdown } from "@/lib/markdown";
import { previewMarkdownAction } from "../../actions";
import {
  postIncidentUpdateAction,
  publishIncidentAction,
  saveCategoryLabelsAction,
  saveIncidentTranslationAction,
  saveUpdateTranslationAction,
  updateIncidentAction,
} from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incident" };

export default async function IncidentEditorPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ lang?: string }> }) {
  const staff = await requireStaffPage("console:read");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const incident = await getIncidentForEditor(await prisma(), id);
  if (!incident) notFound();
  const canWrite = roleHas(staff.role, "incidents:write");
  // The console is English; the incident's texts are edited in every language (docs/decisions/043).
  const lang = editedLanguage((await searchParams).lang, incident.defaultLocale);
  const isDefault = lang === incident.defaultLocale;
  const translation = incident.translations.find((t) => t.locale === lang);
  const written = new Set([incident.defaultLocale, ...incident.translations.map((t) => t.locale)]);

  return (
    <>
      <p>
        <Link href="/admin/incidents">← Incidents</Link>
      </p>
      <h1>{incident.title}</h1>
      <LanguageTabs basePath={`/admin/incidents/${incident.id}`} current={lang} defaultLocale={incident.defaultLocale} written={written} />
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

      {canWrite && !isDefault ? (
        <section aria-labelledby="translate">
          <h2 id="translate">The incident in {languageName(lang)}</h2>
          <p className="muted small">
            Readers in {languageName(lang)} read this text; until it is saved they read the {languageName(incident.defaultLocale)} text with a note that it is not
            yet available in their language.
          </p>
          <ActionForm action={saveIncidentTranslationAction} submitLabel={`Save ${languageName(lang)} text`} testId="save-incident-translation">
            <input type="hidden" name="incidentId" value={incident.id} />
            <input type="hidden" name="locale" value={lang} />
            <label htmlFor="t-title">Title</label>
            <input id="t-title" name="title" type="text" lang={lang} defaultValue={translation?.title ?? ""} placeholder={incident.title} required />
            <label htmlFor="t-summary">Summary</label>
            <textarea id="t-summary" name="summary" rows={4} lang={lang} defaultValue={translation?.summary ?? ""} placeholder={incident.summary} required />
            <label htmlFor="t-advice">Advice to customers (one per line)</label>
            <textarea id="t-advice" name="advice" rows={4} lang={lang} defaultValue={translation?.advice ?? ""} placeholder={incident.advice} />
            <label htmlFor="t-remedy">What we offer</label>
            <textarea id="t-remedy" name="remedy" rows={3} lang={lang} defaultValue={translation?.remedy ?? ""} placeholder={incident.remedy} />
          </ActionForm>
          <h3 id="translate-labels">Kinds of data in {languageName(lang)}</h3>
          <p className="muted small">
            What readers in {languageName(lang)} see for each kind of data. Left blank, they see what is shown greyed out: the usual words for a kind of data whose
            label was not changed, else the {languageName(incident.defaultLocale)} label.
          </p>
          <ActionForm action={saveCategoryLabelsAction} submitLabel={`Save ${languageName(lang)} labels`} testId="save-category-labels">
            <input type="hidden" name="incidentId" value={incident.id} />
            <input type="hidden" name="locale" value={lang} />
            {incident.categories.map((c) => (
              <p key={c.id}>
                <label htmlFor={`label-${c.id}`}>{c.label}</label>{" "}
                <input
                  id={`label-${c.id}`}
                  name={`label-${c.id}`}
                  type="text"
                  lang={lang}
                  maxLength={60}
                  defaultValue={c.translations.find((t) => t.locale === lang)?.label ?? ""}
                  placeholder={categoryLabel({ key: c.key, label: c.label }, incident.defaultLocale, lang)}
                />
              </p>
            ))}
          </ActionForm>
        </section>
      ) : null}

      {canWrite && isDefault ? (
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
            <div className="prose" lang={incident.defaultLocale} dangerouslySetInnerHTML={{ __html: renderMarkdown(u.body) }} />
            {!isDefault ? (
              (() => {
                const body = u.translations.find((t) => t.locale === lang)?.body;
                return canWrite ? (
                  <ActionForm action={saveUpdateTranslationAction} submitLabel={`Save ${languageName(lang)} update`} testId="save-update-translation">
                    <input type="hidden" name="updateId" value={u.id} />
                    <input type="hidden" name="locale" value={lang} />
                    <MarkdownEditor name="body" label={`This update in ${languageName(lang)} (markdown)`} rows={6} defaultValue={body ?? ""} required preview={previewMarkdownAction} />
                  </ActionForm>
                ) : body ? (
                  <div className="prose" lang={lang} dangerouslySetInnerHTML={{ __html: renderMarkdown(body) }} />
                ) : (
                  <p className="muted">Not written in {languageName(lang)} yet.</p>
                );
              })()
            ) : null}
          </article>
        ))}
      </section>

      {canWrite && isDefault ? (
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
            <label htmlFor="defaultLocale">Written in (the default language: readers of a language without a translation read this)</label>
            <select id="defaultLocale" name="defaultLocale" defaultValue={incident.defaultLocale}>
              {locales.map((l) => (
                <option key={l} value={l}>
                  {languageName(l)}
                </option>
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
