import type { DbClient } from "../db";

/** The console's incident list and editor data (drafts included). */
export async function listIncidentsForConsole(db: DbClient) {
  return db.incident.findMany({
    orderBy: { startedAt: "desc" },
    take: 100,
    select: { id: true, slug: true, title: true, status: true, impact: true, startedAt: true, publishedAt: true, version: true },
  });
}

export async function getIncidentForEditor(db: DbClient, id: string) {
  return db.incident.findUnique({
    where: { id },
    include: {
      categories: { orderBy: { position: "asc" }, select: { id: true, key: true, label: true, translations: { select: { locale: true, label: true } } } },
      translations: true,
      updates: {
        orderBy: { publishedAt: "desc" },
        take: 50,
        include: { author: { select: { name: true, email: true } }, translations: { select: { locale: true, body: true } } },
      },
    },
  });
}
