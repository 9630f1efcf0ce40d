import type { DbClient } from "../db";
import type { EmailStatus } from "../generated/prisma/enums";
import { toCategoryProgress, type PublicCategory } from "../public/public-data";
import { findIncidentBySlug } from "./find-incident";

/**
 * One incident's recovery at a glance, straight from the database (the CLI's status):
 * accounts per category and state from the aggregates (six rows, never a count of
 * impacts) and the mail outbox by status (the (status, next_attempt_at) index).
 */
export interface IncidentReport {
  incident: { slug: string; title: string; status: string; impact: string; published: boolean; startedAt: string; resolvedAt: string | null };
  categories: (PublicCategory & { percentRestored: number })[];
  mail: Record<EmailStatus, number> & { depth: number };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export async function getIncidentReport(db: DbClient, slug: string): Promise<IncidentReport> {
  const { id } = await findIncidentBySlug(db, slug);
  const [incident, mailRows] = await Promise.all([
    db.incident.findUniqueOrThrow({
      where: { id },
      select: {
        slug: true,
        title: true,
        status: true,
        impact: true,
        publishedAt: true,
        startedAt: true,
        resolvedAt: true,
        categories: { orderBy: { position: "asc" }, select: { key: true, label: true, aggregate: true } },
      },
    }),
    db.emailOutbox.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const mail: IncidentReport["mail"] = { queued: 0, sending: 0, sent: 0, failed: 0, parked: 0, depth: 0 };
  for (const row of mailRows) mail[row.status] = row._count._all;
  // Waiting to go out: queued (including retries due later) and being sent now.
  mail.depth = mail.queued + mail.sending + mail.failed;
  return {
    incident: {
      slug: incident.slug,
      title: incident.title,
      status: incident.status,
      impact: incident.impact,
      published: incident.publishedAt !== null,
      startedAt: incident.startedAt.toISOString(),
      resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    },
    categories: incident.categories.map((c) => {
      const p = toCategoryProgress(c);
      return { ...p, percentRestored: p.affected > 0 ? round1((p.restored / p.affected) * 100) : 0 };
    }),
    mail,
  };
}
