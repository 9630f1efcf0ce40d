import Link from "next/link";
import { CategoryProgressList } from "@/components/CategoryProgress";
import { prisma } from "@/lib/db";
import { formatDateTime } from "@/lib/format";
import { getStatusOverview } from "@/lib/status/get-status-overview";

export const dynamic = "force-dynamic";

export default async function StatusPage() {
  const overview = await getStatusOverview(await prisma());
  return (
    <main id="main" className="container">
      <h1>Service status</h1>
      {overview.active.length === 0 ? (
        <p className="card">No incident is affecting customer data right now.</p>
      ) : null}
      {overview.active.map((incident) => (
        <section key={incident.slug} className="card" aria-labelledby={`incident-${incident.slug}`}>
          <h2 id={`incident-${incident.slug}`}>
            <Link href={`/incidents/${incident.slug}`}>{incident.title}</Link>
          </h2>
          <p>
            <span className={`badge ${incident.status}`}>{incident.status}</span>{" "}
            <span className="muted">
              Impact: {incident.impact} · started {formatDateTime(incident.startedAt)}
            </span>
          </p>
          <p>{incident.summary}</p>
          {incident.latestUpdate ? (
            <div>
              <h3>Latest update</h3>
              <p className="muted">{formatDateTime(incident.latestUpdate.publishedAt)}</p>
              <p>{incident.latestUpdate.body}</p>
            </div>
          ) : null}
          <h3>Recovery by kind of data</h3>
          <CategoryProgressList categories={incident.categories} />
        </section>
      ))}
    </main>
  );
}
