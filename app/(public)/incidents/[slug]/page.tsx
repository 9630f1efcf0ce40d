import type { Metadata } from "next";
import Link from "next/link";
import { Advice } from "@/components/Advice";
import { CategoryProgressList } from "@/components/CategoryProgress";
import { DataFreshness } from "@/components/DataFreshness";
import { impactLabel } from "@/components/labels";
import { Markdown } from "@/components/Markdown";
import { RecoveryChart } from "@/components/RecoveryChart";
import { StatusBadge } from "@/components/StatusBadge";
import { formatDateTime } from "@/lib/format";
import { getIncidentPage } from "@/lib/public/get-incident-page";
import { orNotFound } from "@/lib/public/not-found";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const page = await orNotFound(() => getIncidentPage(slug));
  return { title: page.incident.title, description: page.incident.summary };
}

export default async function IncidentPage({ params }: Props) {
  const { slug } = await params;
  const { incident, letters, generatedAt, ageSeconds, stale } = await orNotFound(() => getIncidentPage(slug));
  return (
    <main id="main" className="container">
      <p>
        <Link href="/">← Service status</Link>
      </p>
      <h1>{incident.title}</h1>
      <p>
        <StatusBadge status={incident.status} />{" "}
        <span className="muted">
          Impact: {impactLabel(incident.impact)} · started {formatDateTime(incident.startedAt)}
          {incident.resolvedAt ? ` · resolved ${formatDateTime(incident.resolvedAt)}` : ""}
        </span>
      </p>
      <DataFreshness generatedAt={generatedAt} ageSeconds={ageSeconds} stale={stale} />
      <p>{incident.summary}</p>
      <Advice text={incident.advice} headingId="advice" />

      <h2>Affected data</h2>
      {incident.categories.length ? <CategoryProgressList categories={incident.categories} /> : <p className="muted">No kind of data is listed for this incident.</p>}
      {incident.categories.length ? (
        <>
          <h3>Recovery over time</h3>
          <RecoveryChart id="chart" points={incident.chart} categories={incident.categories} />
        </>
      ) : null}

      {incident.remedy ? (
        <section className="card remedy" aria-labelledby="remedy">
          <h2 id="remedy">If your data cannot be recovered</h2>
          <p className="pre-line">{incident.remedy}</p>
        </section>
      ) : null}

      {letters.length ? (
        <>
          <h2>Letters</h2>
          <ul>
            {letters.map((l) => (
              <li key={l.slug}>
                <Link href={`/letters/${l.slug}`}>{l.title}</Link> <span className="muted">({formatDateTime(l.publishedAt)})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>Timeline</h2>
      {incident.updates.length === 0 ? <p className="muted">No updates yet.</p> : null}
      <ol className="timeline" reversed>
        {incident.updates.map((u) => (
          <li key={u.id} id={`update-${u.id}`} className="timeline-item">
            <h3 className="timeline-head">
              <StatusBadge status={u.status} /> <time dateTime={u.publishedAt}>{formatDateTime(u.publishedAt)}</time>
            </h3>
            <Markdown source={u.body} />
          </li>
        ))}
      </ol>
    </main>
  );
}
