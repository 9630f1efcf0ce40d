import type { DbClient } from "../db";
import { AppError } from "../errors";

/** The incident with this address (drafts included), or NOT_FOUND naming it. */
export async function findIncidentBySlug(db: DbClient, slug: string): Promise<{ id: string; slug: string; title: string; publishedAt: Date | null }> {
  const incident = await db.incident.findUnique({ where: { slug: slug.trim().toLowerCase() }, select: { id: true, slug: true, title: true, publishedAt: true } });
  if (!incident) throw new AppError("NOT_FOUND", `No incident has the address "${slug}".`, { field: "incident" });
  return incident;
}
