import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/admin/ActionForm";
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
import { previewLetterForAccountAction, publishLetterAction, saveLetterAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Letter" };

export default async function LetterEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await requireStaffPage("console:read");
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const letter = await getLetterForEditor(await prisma(), id);
  if (!letter) notFound();
  const canWrite = roleHas(staff.role, "letters:write");
  const latest = letter.revisions[0];
  const draftDiffers =
    latest !== undefined &&
    (latest.title !== letter.title || latest.body !== letter.body || latest.signatoryName !== letter.signatoryName || latest.signatoryTitle !== letter.signatoryTitle);

  return (
    <>
      <p>
        <Link href="/admin/letters">← Letters</Link>
      </p>
      <h1>{letter.title}</h1>
      <p>
        For {letter.incident.title} ·{" "}
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
          <ActionForm action={saveLetterAction} submitLabel="Save draft" testId="save-letter">
            <input type="hidden" name="id" value={letter.id} />
            <input type="hidden" name="version" defaultValue={letter.version} />
            <label htmlFor="title">Title</label>
            <input id="title" name="title" type="text" defaultValue={letter.title} required />
            <MarkdownEditor name="body" label="Letter (markdown)" rows={16} defaultValue={letter.body} required preview={previewMarkdownAction} />
            <label htmlFor="signatoryName">Signed by</label>
            <input id="signatoryName" name="signatoryName" type="text" defaultValue={letter.signatoryName} required />
            <label htmlFor="signatoryTitle">Their title</label>
            <input id="signatoryTitle" name="signatoryTitle" type="text" defaultValue={letter.signatoryTitle} required />
          </ActionForm>

          <h2>{latest ? "Publish a correction" : "Publish"}</h2>
          <ActionForm
            action={publishLetterAction}
            submitLabel={latest ? "Publish correction" : "Publish letter"}
            confirm={latest ? "Publish the saved draft as a correction? The public page will show it as a correction." : "Publish this letter?"}
            testId="publish-letter"
          >
            <input type="hidden" name="id" value={letter.id} />
            <input type="hidden" name="version" value={letter.version} />
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
              their name and their data&apos;s status)
            </label>
          </ActionForm>
        </section>
      ) : (
        <p className="notice">Your role ({staff.role}) can read letters but not change them.</p>
      )}

      <section aria-labelledby="merge">
        <h2 id="merge">Emailed version for one account</h2>
        <LetterMergePreview letterId={letter.id} action={previewLetterForAccountAction} />
      </section>

      <section aria-labelledby="revisions">
        <h2 id="revisions">Published revisions</h2>
        {letter.revisions.length === 0 ? <p className="muted">None yet.</p> : null}
        {letter.revisions.map((r) => (
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
