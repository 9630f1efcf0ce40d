import type { DbClient } from "../db";

/** Published incidents a visitor can subscribe to, newest first. */
export async function listSubscribableIncidents(db: DbClient): Promise<{ slug: string; title: string }[]> {
  return db.incident.findMany({
    where: { publishedAt: { not: null } },
    select: { slug: true, title: true },
    orderBy: { startedAt: "desc" },
    take: 50,
  });
}
