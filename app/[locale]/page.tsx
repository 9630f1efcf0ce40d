import Link from "next/link";
import { Advice } from "@/components/Advice";
import { CategoryProgressList } from "@/components/CategoryProgress";
import { DataFreshness } from "@/components/DataFreshness";
import { impactLabel, overallLabel } from "@/components/labels";
import { LetterLinks } from "@/components/LetterLinks";
import { Markdown } from "@/components/Markdown";
import { RecoveryChart } from "@/components/RecoveryChart";
import { StatusBadge } from "@/components/StatusBadge";
import { contentLocaleOf } from "@/components/ContentLanguageNote";
import { pageLocale } from "@/lib/i18n/page";
import { localePath } from "@/lib/i18n/routing";
import { formattersFor, translator } from "@/lib/i18n/translator";
import { getPublicStatus } from "@/lib/status/get-status-overview";

// Rendered per request from the in-memory public snapshot (no query while it is fresh),
// never at build time: `next build` must not open the database.
export const dynamic = "force-dynamic";

export default async function StatusPage({ params }: { params?: Promise<{ locale: string }> } = {}) {
  const locale = await pageLocale(params);
  const t = translator(locale, "status");
  const f = formattersFor(locale);
  const overview = await getPublicStatus(contentLocaleOf(locale));
  return (
    <main id="main" className="container">
      <h1>{t("title")}</h1>
      <p className={`overall ${overview.overall}`}>
        <strong>{overallLabel(overview.overall, locale)}</strong>
      </p>
      <DataFreshness generatedAt={overview.generatedAt} ageSeconds={overview.ageSeconds} stale={overview.stale} locale={locale} />
      {overview.active.length === 0 ? <p className="card">{t("noIncident")}</p> : null}
      {overview.active.map((incident) => (
        <section key={incident.slug} className="card incident" aria-labelledby={`incident-${incident.slug}`}>
          <h2 id={`incident-${incident.slug}`}>
            <Link href={localePath(locale, `/incidents/${incident.slug}`)}>{incident.title}</Link>
          </h2>
          <p>
            <StatusBadge status={incident.status} locale={locale} />{" "}
            <span className="muted">{t("impactStarted", { impact: impactLabel(incident.impact, locale), started: f.dateTime(incident.startedAt) })}</span>
          </p>
          <p>{incident.summary}</p>
          <Advice text={incident.advice} headingId={`advice-${incident.slug}`} locale={locale} />
          {incident.latestUpdate ? (
            <section aria-labelledby={`latest-${incident.slug}`}>
              <h3 id={`latest-${incident.slug}`}>{t("latestUpdate")}</h3>
              <p className="muted">
                <StatusBadge status={incident.latestUpdate.status} locale={locale} /> {f.dateTime(incident.latestUpdate.publishedAt)}
              </p>
              <Markdown source={incident.latestUpdate.body} />
              <p>
                <Link href={localePath(locale, `/incidents/${incident.slug}`)}>{t("allUpdates")}</Link>
              </p>
            </section>
          ) : null}
          <h3>{t("byKind")}</h3>
          <CategoryProgressList categories={incident.categories} locale={locale} />
          <h3 id={`chart-${incident.slug}-heading`}>{t("overTime")}</h3>
          <RecoveryChart id={`chart-${incident.slug}`} points={incident.chart} categories={incident.categories} tableRows={8} locale={locale} />
          <LetterLinks letters={incident.letters} locale={locale} level={3} />
        </section>
      ))}
      <h2>{t("pastIncidents")}</h2>
      {overview.past.length === 0 ? (
        <p className="muted">{t("noPastIncidents")}</p>
      ) : (
        <ul className="past">
          {overview.past.map((p) => (
            <li key={p.slug}>
              <Link href={localePath(locale, `/incidents/${p.slug}`)}>{p.title}</Link>{" "}
              <span className="muted">
                {p.resolvedAt ? t("pastResolved", { started: f.dateTime(p.startedAt), resolved: f.dateTime(p.resolvedAt) }) : f.dateTime(p.startedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
