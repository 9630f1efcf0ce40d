import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/admin/ActionForm";
import { editedLanguage, LanguageTabs, languageName } from "@/components/admin/LanguageTabs";
import { LetterMergePreview } from "@/components/admin/LetterMergePreview";
import { MarkdownEditor } from "@/components/admin/MarkdownEditor";
import { roleHas } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { letterPublicPath } from "@/lib/letters/letter-schemas";
import { getLetterForEditor } from "@/lib/letters/list-letters";
import { renderMarkdown } from "@/lib/markdown";
import { previewMarkdownAction } from "../../actions";
import { previewLetterForAccountAction, publishLetterAction, saveLetterAction, saveLetterTranslationAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Letter" };

export default async function LetterEditorPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ lang?: string }> }) {
  const staff = await requireStaffPage("console:read");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const letter = await getLetterForEditor(await prisma(), id);
  if (!letter) notFound();
  const canWrite = roleHas(staff.role, "letters:write");
  // Each language has its own working copy and its own revisions (docs/decisions/043).
  const defaultLocale = letter.incident.defaultLocale;
  const lang = editedLanguage((await searchParams).lang, defaultLocale);
  const isDefault = lang === defaultLocale;
  const translation = letter.translations.find((t) => t.locale === lang);
  const source = isDefault ? letter : translation;
  const revisions = letter.revisions.filter((r) => r.locale === lang);
  const defaultPublished = letter.revisions.some((r) => r.locale === defaultLocale);
  const latest = revisions[0];
  const draftDiffers =
    latest !== undefined &&
    source !== undefined &&
    (latest.title !== source.title || latest.body !== source.body || latest.signatoryName !== source.signatoryName || latest.signatoryTitle !== source.signatoryTitle);
  const written = new Set([defaultLocale, ...letter.translations.map((t) => t.locale), ...letter.revisions.map((r) => r.locale)]);

  return (
    <>
      <p>
        <Link href="/admin/letters">← Letters</Link>
      </p>
      <h1>{letter.title}</h1>
      <LanguageTabs basePath={`/admin/letters/${letter.id}`} current={lang} defaultLocale={defaultLocale} written={written} />
      <p>
        {languageName(lang)} · For {letter.incident.title} ·{" "}
        {latest ? (
          <>
            revision {latest.revision} published {formatDateTime(latest.publishedAt)} · <Link href={letterPublicPath(letter.slug)}>public page</Link>
          </>
        ) : (
          <span className="badge">draft, never published</span>
        )}
        {draftDiffers ? " · the draft has unpublished changes" : ""}
      </p>

      {canWrite ? (
        <section aria-labelledby="draft">
          <h2 id="draft">Draft</h2>
          <p className="muted small">
            Merge fields for the emailed version: <code>{"{{name}}"}</code> (the recipient&apos;s name) and <code>{"{{categories}}"}</code> (their kinds of data and
            where each stands). Saving never changes what the public reads: publishing does.
          </p>
          {!isDefault ? (
            <details className="card">
              <summary>The letter in {languageName(defaultLocale)} (the default language), to translate from</summary>
              <h3 lang={defaultLocale}>{letter.title}</h3>
              <div className="prose" lang={defaultLocale} dangerouslySetInnerHTML={{ __html: renderMarkdown(letter.body) }} />
            </details>
          ) : null}
          <ActionForm action={isDefault ? saveLetterAction : saveLetterTranslationAction} submitLabel={`Save ${languageName(lang)} draft`} testId="save-letter">
            <input type="hidden" name="id" value={letter.id} />
            {!isDefault ? <input type="hidden" name="locale" value={lang} /> : null}
            <input type="hidden" name="version" defaultValue={source?.version ?? 0} />
            <label htmlFor="title">Title</label>
            <input id="title" name="title" type="text" defaultValue={source?.title ?? ""} lang={lang} required />
            <MarkdownEditor name="body" label="Letter (markdown)" rows={16} defaultValue={source?.body ?? ""} required preview={previewMarkdownAction} />
            <label htmlFor="signatoryName">Signed by</label>
            <input id="signatoryName" name="signatoryName" type="text" defaultValue={source?.signatoryName ?? letter.signatoryName} required />
            <label htmlFor="signatoryTitle">Their title</label>
            <input id="signatoryTitle" name="signatoryTitle" type="text" defaultValue={source?.signatoryTitle ?? ""} lang={lang} required />
          </ActionForm>

          <h2>{latest ? `Publish a correction (${languageName(lang)})` : `Publish (${languageName(lang)})`}</h2>
          {!source ? (
            <p className="muted">Save a {languageName(lang)} draft first.</p>
          ) : !isDefault && !defaultPublished ? (
            <p className="muted">Publish the letter in {languageName(defaultLocale)} first: readers of a language without it read the default.</p>
          ) : (
          <ActionForm
            action={publishLetterAction}
            submitLabel={latest ? "Publish correction" : "Publish letter"}
            confirm={latest ? "Publish the saved draft as a correction? The public page will show it as a correction." : "Publish this letter?"}
            testId="publish-letter"
          >
            <input type="hidden" name="id" value={letter.id} />
            <input type="hidden" name="locale" value={lang} />
            <input type="hidden" name="version" value={source.version} />
            {latest ? (
              <>
                <label htmlFor="correctionNote">Correction note (shown publicly: what changed and why)</label>
                <textarea id="correctionNote" name="correctionNote" rows={3} required />
              </>
            ) : (
              <p className="muted">Publishes the saved draft as revision 1.</p>
            )}
            <label>
              <input type="checkbox" name="emailRecipients" /> Email it to subscribers and affected accounts (personalised with
              their name and their data&apos;s status){isDefault ? "; readers whose language has its own version get that one" : ` whose language is ${languageName(lang)}`}
            </label>
          </ActionForm>
          )}
        </section>
      ) : (
        <p className="notice">Your role ({staff.role}) can read letters but not change them.</p>
      )}

      <section aria-labelledby="merge">
        <h2 id="merge">Emailed version for one account</h2>
        <LetterMergePreview letterId={letter.id} action={previewLetterForAccountAction} />
      </section>

      <section aria-labelledby="revisions">
        <h2 id="revisions">Published revisions ({languageName(lang)})</h2>
        {revisions.length === 0 ? <p className="muted">None yet{isDefault ? "" : `: readers in ${languageName(lang)} read the ${languageName(defaultLocale)} letter, with a note`}.</p> : null}
        {revisions.map((r) => (
          <details key={r.id} className="card" open={r.revision === latest?.revision}>
            <summary>
              Revision {r.revision} · {formatDateTime(r.publishedAt)}
              {r.author ? ` · ${r.author.email}` : ""}
            </summary>
            {r.correctionNote ? (
              <p className="notice">
                <strong>Correction:</strong> {r.correctionNote}
              </p>
            ) : null}
            <h3>{r.title}</h3>
            <div className="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(r.body) }} />
            <p>
              {r.signatoryName}, {r.signatoryTitle}
            </p>
          </details>
        ))}
      </section>
    </>
  );
}
