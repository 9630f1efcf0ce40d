import { getChartPoints, type ChartPoint } from "../aggregates/get-chart-points";
import { toCategoryProgress } from "../public/public-data";
import type { CategoryProgress } from "../status/get-status-overview";
import type { DbClient } from "../db";
import { listDisabledWebhookEndpoints } from "../webhooks/list-webhook-endpoints";

/**
 * The console's front page: per-category progress of every open incident (from the
 * aggregates, never by counting impacts) with its recovery chart (the same series as the
 * public pages, drafts included), the outbox by status, the webhook endpoints that are
 * disabled (by the worker after repeated failure, or by an admin: their host only, since a
 * URL may carry the receiver's token and every role reads this page) and the latest audit entries. The outbox count uses the (status, next_attempt_at) index.
 */
export interface Dashboard {
  incidents: { id: string; slug: string; title: string; status: string; published: boolean; categories: CategoryProgress[]; chart: ChartPoint[] }[];
  emails: Record<"queued" | "sending" | "sent" | "failed" | "parked", number>;
  disabledWebhooks: { id: string; host: string; description: string; disabledReason: string | null; disabledAt: Date | null }[];
  recentAudit: { id: number; createdAt: Date; actorLabel: string; action: string; targetType: string; targetId: string | null }[];
}

export async function getDashboard(db: DbClient): Promise<Dashboard> {
  const [incidents, emailRows, recentAudit, disabledWebhooks] = await Promise.all([
    db.incident.findMany({
      where: { status: { not: "resolved" } },
      orderBy: { startedAt: "desc" },
      take: 10,
      select: {
        id: true,
        slug: true,
        title: true,
        status: true,
        publishedAt: true,
        categories: { orderBy: { position: "asc" }, select: { key: true, label: true, aggregate: true } },
      },
    }),
    db.emailOutbox.groupBy({ by: ["status"], _count: { _all: true } }),
    db.auditLog.findMany({
      orderBy: { id: "desc" },
      take: 10,
      select: { id: true, createdAt: true, actorLabel: true, action: true, targetType: true, targetId: true },
    }),
    listDisabledWebhookEndpoints(db),
  ]);
  const charts = await getChartPoints(db, incidents.map((i) => i.id));
  const emails: Dashboard["emails"] = { queued: 0, sending: 0, sent: 0, failed: 0, parked: 0 };
  for (const row of emailRows) emails[row.status] = row._count._all;
  return {
    incidents: incidents.map((i) => ({
      id: i.id,
      slug: i.slug,
      title: i.title,
      status: i.status,
      published: i.publishedAt !== null,
      categories: i.categories.map(toCategoryProgress),
      chart: charts.get(i.id) ?? [],
    })),
    emails,
    disabledWebhooks: disabledWebhooks.map((w) => ({ id: w.id, host: hostOfUrl(w.url), description: w.description, disabledReason: w.disabledReason, disabledAt: w.disabledAt })),
    recentAudit,
  };
}

function hostOfUrl(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
}
