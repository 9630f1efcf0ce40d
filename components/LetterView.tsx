import Link from "next/link";
import { Markdown } from "@/components/Markdown";
import type { RenderLocale } from "@/lib/i18n/locales";
import { localePath } from "@/lib/i18n/routing";
import { formattersFor, translator } from "@/lib/i18n/translator";
import type { LetterPage } from "@/lib/public/get-letter";

/** A letter revision with its signatory, its corrections and every earlier version. */
export function LetterView({ page, locale = "en" }: { page: LetterPage; locale?: RenderLocale }) {
  const t = translator(locale, "letters");
  const f = formattersFor(locale);
  const { letter, shown, latest, original, corrections } = page;
  const isLatest = shown.revision === latest.revision;
  return (
    <article className="letter">
      <h1>{shown.title}</h1>
      <p className="muted">
        {t("firstPublished", { time: f.dateTime(original.publishedAt) })}
        {corrections.length ? t("lastCorrected", { time: f.dateTime(latest.publishedAt) }) : ""}
        {page.incidentTitle
          ? t.rich("about", {
              incident: page.incidentTitle,
              link: (chunks) => <Link href={localePath(locale, `/incidents/${letter.incidentSlug}`)}>{chunks}</Link>,
            })
          : null}
      </p>
      {!isLatest ? (
        <p className="notice" role="note">
          {t.rich("olderVersion", {
            revision: shown.revision,
            count: letter.revisions.length,
            time: f.dateTime(shown.publishedAt),
            link: (chunks) => <Link href={localePath(locale, `/letters/${letter.slug}`)}>{chunks}</Link>,
          })}
        </p>
      ) : null}
      {shown.correctionNote ? (
        <p className="notice correction">
          <strong>{t("correction", { time: f.dateTime(shown.publishedAt) })}</strong> {shown.correctionNote}
        </p>
      ) : null}
      <Markdown source={shown.body} className="letter-body" />
      <p className="signatory">
        <strong>{shown.signatoryName}</strong>
        <br />
        {shown.signatoryTitle}
      </p>
      <section aria-labelledby="versions">
        <h2 id="versions">{t("versions")}</h2>
        <p className="muted">{t("versionsNote")}</p>
        <ol className="versions">
          {letter.revisions.map((r) => (
            <li key={r.revision}>
              {r.revision === shown.revision ? (
                <span aria-current="page">{t("thisVersion", { revision: r.revision })}</span>
              ) : (
                <Link href={localePath(locale, `/letters/${letter.slug}/revisions/${r.revision}`)}>{t("version", { revision: r.revision })}</Link>
              )}
              {", "}
              {t.rich(r.revision === 1 ? "original" : "corrected", {
                time: f.dateTime(r.publishedAt),
                when: (chunks) => <time dateTime={r.publishedAt}>{chunks}</time>,
              })}
              {r.correctionNote ? <span className="muted"> — {r.correctionNote}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
