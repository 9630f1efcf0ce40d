import { publicUrl } from "../../env";
import { renderMarkdown } from "../../markdown";
import { renderIncidentUpdateEmail } from "../templates/incident-update";
import { unsubscribeUrlFor } from "../unsubscribe-link";
import type { Draft, MailKind } from "./types";

/** Incident updates (queue-update-fanout.ts): one read of the batch's updates, however many recipients. */
export const incidentUpdateKind: MailKind = {
  async prepare(rows, db) {
    const ids = [...new Set(rows.map((r) => r.payload.updateId).filter((id): id is string => typeof id === "string"))];
    const updates = await db.prisma.incidentUpdate.findMany({
      where: { id: { in: ids } },
      select: { id: true, status: true, body: true, publishedAt: true, incident: { select: { title: true, slug: true } } },
    });
    const byId = new Map(updates.map((u) => [u.id, { ...u, bodyHtml: renderMarkdown(u.body) }]));
    const drafts = new Map<number, Draft>();
    for (const row of rows) {
      const updateId = row.payload.updateId;
      if (typeof updateId !== "string") {
        drafts.set(row.id, { park: "incident update email without payload.updateId" });
        continue;
      }
      const u = byId.get(updateId);
      if (!u) {
        drafts.set(row.id, { park: `incident update ${updateId} no longer exists` });
        continue;
      }
      drafts.set(row.id, {
        email: () =>
          renderIncidentUpdateEmail({
            updateId,
            incidentTitle: u.incident.title,
            status: u.status,
            bodyHtml: u.bodyHtml,
            publishedAt: u.publishedAt,
            incidentUrl: `${publicUrl()}/incidents/${u.incident.slug}`,
            unsubscribeUrl: unsubscribeUrlFor(row),
          }),
      });
    }
    return drafts;
  },
};
