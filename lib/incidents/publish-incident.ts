import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { queueIncidentWebhook } from "../webhooks/queue-webhook-event";

/** Makes a draft incident public. Publishing twice is a no-op, not an error. */
export async function publishIncident(db: DbClient, principal: Principal, incidentId: string): Promise<{ slug: string; publishedAt: Date }> {
  authorize(principal.role, "incidents:write");
  const id = z.uuid().parse(incidentId);
  return inTransaction(db, async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id }, select: { slug: true, publishedAt: true } });
    if (!incident) throw new AppError("NOT_FOUND", "This incident does not exist.");
    if (incident.publishedAt) return { slug: incident.slug, publishedAt: incident.publishedAt };
    const publishedAt = new Date();
    await tx.incident.update({ where: { id }, data: { publishedAt } });
    await recordAudit(tx, principal.actor, {
      action: "incident.publish",
      targetType: "incident",
      targetId: id,
      before: { publishedAt: null },
      after: { publishedAt },
    });
    await queueIncidentWebhook(tx, "incident.updated", id, { change: "published" });
    return { slug: incident.slug, publishedAt };
  });
}
