import type { Metadata } from "next";
import Link from "next/link";
import { Advice } from "@/components/Advice";
import { CategoryProgressList } from "@/components/CategoryProgress";
import { DataFreshness } from "@/components/DataFreshness";
import { impactLabel } from "@/components/labels";
import { LetterLinks } from "@/components/LetterLinks";
import { Markdown } from "@/components/Markdown";
import { RecoveryChart } from "@/components/RecoveryChart";
import { StatusBadge } from "@/components/StatusBadge";
import { ContentLanguageNote, contentLocaleOf } from "@/components/ContentLanguageNote";
import { pageLocale } from "@/lib/i18n/page";
import { localePath } from "@/lib/i18n/routing";
import { formattersFor, translator } from "@/lib/i18n/translator";
import { getIncidentPage } from "@/lib/public/get-incident-page";
import { orNotFound } from "@/lib/public/not-found";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string; locale?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const page = await orNotFound(async () => getIncidentPage(slug, contentLocaleOf(await pageLocale(params))));
  return { title: page.incident.title, description: page.incident.summary };
}

export default async function IncidentPage({ params }: Props) {
  const { slug } = await params;
  const locale = await pageLocale(params);
  const t = translator(locale, "status");
  const f = formattersFor(locale);
  const { incident, letters, generatedAt, ageSeconds, stale, contentLocale, fallback } = await orNotFound(() => getIncidentPage(slug, contentLocaleOf(locale)));
  const lang = fallback ? contentLocale : undefined;
  return (
    <main id="main" className="container">
      <p>
        <Link href={localePath(locale, "/")}>{t("incident.back")}</Link>
      </p>
      <ContentLanguageNote locale={locale} shown={contentLocale} fallback={fallback} />
      <h1 lang={lang}>{incident.title}</h1>
      <p>
        <StatusBadge status={incident.status} locale={locale} />{" "}
        <span className="muted">
          {t("impactStarted", { impact: impactLabel(incident.impact, locale), started: f.dateTime(incident.startedAt) })}
          {incident.resolvedAt ? t("resolvedAt", { resolved: f.dateTime(incident.resolvedAt) }) : ""}
        </span>
      </p>
      <DataFreshness generatedAt={generatedAt} ageSeconds={ageSeconds} stale={stale} locale={locale} />
      <p lang={lang}>{incident.summary}</p>
      <Advice text={incident.advice} headingId="advice" locale={locale} level={2} />

      <h2>{t("incident.affectedData")}</h2>
      {incident.categories.length ? (
        <CategoryProgressList categories={incident.categories} locale={locale} />
      ) : (
        <p className="muted">{t("incident.noCategories")}</p>
      )}
      {incident.categories.length ? (
        <>
          <h3>{t("overTime")}</h3>
          <RecoveryChart id="chart" points={incident.chart} categories={incident.categories} locale={locale} />
        </>
      ) : null}

      {incident.remedy ? (
        <section className="card remedy" aria-labelledby="remedy">
          <h2 id="remedy">{t("incident.remedy")}</h2>
          <p className="pre-line">{incident.remedy}</p>
        </section>
      ) : null}

      <LetterLinks letters={letters} locale={locale} level={2} />

      <h2>{t("incident.timeline")}</h2>
      {incident.updates.length === 0 ? <p className="muted">{t("incident.noUpdates")}</p> : null}
      <ol className="timeline" reversed>
        {incident.updates.map((u) => (
          <li key={u.id} id={`update-${u.id}`} className="timeline-item">
            <h3 className="timeline-head">
              <StatusBadge status={u.status} locale={locale} /> <time dateTime={u.publishedAt}>{f.dateTime(u.publishedAt)}</time>
            </h3>
            <div lang={u.fallback && u.locale ? u.locale : undefined}>
              <Markdown source={u.body} />
            </div>
          </li>
        ))}
      </ol>
    </main>
  );
}
