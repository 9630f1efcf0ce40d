import Link from "next/link";
import { Markdown } from "@/components/Markdown";
import { formatDateTime } from "@/lib/format";
import type { LetterPage } from "@/lib/public/get-letter";

/** A letter revision with its signatory, its corrections and every earlier version. */
export function LetterView({ page }: { page: LetterPage }) {
  const { letter, shown, latest, original, corrections } = page;
  const isLatest = shown.revision === latest.revision;
  return (
    <article className="letter">
      <h1>{shown.title}</h1>
      <p className="muted">
        First published {formatDateTime(original.publishedAt)}
        {corrections.length ? ` · last corrected ${formatDateTime(latest.publishedAt)}` : ""}
        {page.incidentTitle ? (
          <>
            {" · "}about <Link href={`/incidents/${letter.incidentSlug}`}>{page.incidentTitle}</Link>
          </>
        ) : null}
      </p>
      {!isLatest ? (
        <p className="notice" role="note">
          You are reading version {shown.revision} of {letter.revisions.length}, published {formatDateTime(shown.publishedAt)}. It has since been corrected:{" "}
          <Link href={`/letters/${letter.slug}`}>read the current version</Link>.
        </p>
      ) : null}
      {shown.correctionNote ? (
        <p className="notice correction">
          <strong>Correction ({formatDateTime(shown.publishedAt)}):</strong> {shown.correctionNote}
        </p>
      ) : null}
      <Markdown source={shown.body} className="letter-body" />
      <p className="signatory">
        <strong>{shown.signatoryName}</strong>
        <br />
        {shown.signatoryTitle}
      </p>
      <section aria-labelledby="versions">
        <h2 id="versions">Versions of this letter</h2>
        <p className="muted">A published letter is never changed silently: each correction is a new version, and every version stays readable.</p>
        <ol className="versions">
          {letter.revisions.map((r) => (
            <li key={r.revision}>
              {r.revision === shown.revision ? (
                <span aria-current="page">
                  Version {r.revision} (this page)
                </span>
              ) : (
                <Link href={`/letters/${letter.slug}/revisions/${r.revision}`}>Version {r.revision}</Link>
              )}
              {", "}
              {r.revision === 1 ? "original" : "correction"}, published <time dateTime={r.publishedAt}>{formatDateTime(r.publishedAt)}</time>
              {r.correctionNote ? <span className="muted"> — {r.correctionNote}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
