import Link from "next/link";
import { Advice } from "@/components/Advice";
import { CategoryProgressList } from "@/components/CategoryProgress";
import { DataFreshness } from "@/components/DataFreshness";
import { impactLabel, overallLabel } from "@/components/labels";
import { Markdown } from "@/components/Markdown";
import { RecoveryChart } from "@/components/RecoveryChart";
import { StatusBadge } from "@/components/StatusBadge";
import { formatDateTime } from "@/lib/format";
import { getPublicStatus } from "@/lib/status/get-status-overview";

// Rendered per request from the in-memory public snapshot (no query while it is fresh),
// never at build time: `next build` must not open the database.
export const dynamic = "force-dynamic";

export default async function StatusPage() {
  const overview = await getPublicStatus();
  return (
    <main id="main" className="container">
      <h1>Service status</h1>
      <p className={`overall ${overview.overall}`}>
        <strong>{overallLabel(overview.overall)}</strong>
      </p>
      <DataFreshness generatedAt={overview.generatedAt} ageSeconds={overview.ageSeconds} stale={overview.stale} />
      {overview.active.length === 0 ? <p className="card">No incident is affecting customer data right now.</p> : null}
      {overview.active.map((incident) => (
        <section key={incident.slug} className="card incident" aria-labelledby={`incident-${incident.slug}`}>
          <h2 id={`incident-${incident.slug}`}>
            <Link href={`/incidents/${incident.slug}`}>{incident.title}</Link>
          </h2>
          <p>
            <StatusBadge status={incident.status} />{" "}
            <span className="muted">
              Impact: {impactLabel(incident.impact)} · started {formatDateTime(incident.startedAt)}
            </span>
          </p>
          <p>{incident.summary}</p>
          <Advice text={incident.advice} headingId={`advice-${incident.slug}`} />
          {incident.latestUpdate ? (
            <section aria-labelledby={`latest-${incident.slug}`}>
              <h3 id={`latest-${incident.slug}`}>Latest update</h3>
              <p className="muted">
                <StatusBadge status={incident.latestUpdate.status} /> {formatDateTime(incident.latestUpdate.publishedAt)}
              </p>
              <Markdown source={incident.latestUpdate.body} />
              <p>
                <Link href={`/incidents/${incident.slug}`}>All updates for this incident</Link>
              </p>
            </section>
          ) : null}
          <h3>Recovery by kind of data</h3>
          <CategoryProgressList categories={incident.categories} />
          <h3 id={`chart-${incident.slug}-heading`}>Recovery over time</h3>
          <RecoveryChart id={`chart-${incident.slug}`} points={incident.chart} categories={incident.categories} tableRows={8} />
          {incident.letters.length > 0 ? (
            <>
              <h3>Letters</h3>
              <ul>
                {incident.letters.map((l) => (
                  <li key={l.slug}>
                    <Link href={`/letters/${l.slug}`}>{l.title}</Link> <span className="muted">({formatDateTime(l.publishedAt)})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ))}
      <h2>Past incidents</h2>
      {overview.past.length === 0 ? (
        <p className="muted">No past incidents.</p>
      ) : (
        <ul className="past">
          {overview.past.map((p) => (
            <li key={p.slug}>
              <Link href={`/incidents/${p.slug}`}>{p.title}</Link>{" "}
              <span className="muted">
                {formatDateTime(p.startedAt)}
                {p.resolvedAt ? ` – resolved ${formatDateTime(p.resolvedAt)}` : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
