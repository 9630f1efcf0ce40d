import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { queueFanoutJob, runFanoutJobAfterCommit } from "../mail/fanout-job";
import { queueIncidentWebhook } from "../webhooks/queue-webhook-event";
import { postIncidentUpdateSchema, type PostIncidentUpdateInput } from "./incident-schemas";

/**
 * Posts an update (markdown) and moves the incident to the update's status. With
 * "notify subscribers" a fan-out job is created in the same transaction, so the update
 * and its emails' job exist together or not at all; called outside a transaction, it
 * runs the job at once (lib/mail/fanout-job.ts): if this instance dies meanwhile,
 * another one takes it over.
 */
export async function postIncidentUpdate(
  db: DbClient,
  principal: Principal,
  input: PostIncidentUpdateInput,
): Promise<{ id: string; slug: string; emailsQueued: number; incidentPublished: boolean }> {
  authorize(principal.role, "incidents:write");
  const data = postIncidentUpdateSchema.parse(input);
  const posted = await inTransaction(db, async (tx) => {
    const incident = await tx.incident.findUnique({
      where: { id: data.incidentId },
      select: { slug: true, status: true, resolvedAt: true, publishedAt: true },
    });
    if (!incident) throw new AppError("NOT_FOUND", "This incident does not exist.");
    const now = new Date();
    const update = await tx.incidentUpdate.create({
      data: {
        incidentId: data.incidentId,
        status: data.status,
        body: data.body,
        notifySubscribers: data.notifySubscribers,
        authorId: principal.staffId,
        publishedAt: now,
      },
      select: { id: true },
    });
    const resolvedAt = data.status === "resolved" ? (incident.resolvedAt ?? now) : null;
    const incidentPublished = data.publishIncident && !incident.publishedAt;
    await tx.incident.update({
      where: { id: data.incidentId },
      data: { status: data.status, resolvedAt, ...(incidentPublished ? { publishedAt: now } : {}) },
    });
    if (incidentPublished) {
      await recordAudit(tx, principal.actor, { action: "incident.publish", targetType: "incident", targetId: data.incidentId, before: { publishedAt: null }, after: { publishedAt: now } });
    }
    const fanoutJobId = data.notifySubscribers ? await queueFanoutJob(tx, { type: "update", updateId: update.id }, principal.actor) : null;
    await recordAudit(tx, principal.actor, {
      action: "incident.post_update",
      targetType: "incident",
      targetId: data.incidentId,
      before: { status: incident.status },
      after: { status: data.status, updateId: update.id, notifySubscribers: data.notifySubscribers, fanoutJobId },
    });
    await queueIncidentWebhook(tx, "incident.updated", data.incidentId, {
      change: "update_posted",
      published: incidentPublished,
      update: { id: update.id, status: data.status, body: data.body, publishedAt: now.toISOString(), notifySubscribers: data.notifySubscribers },
    });
    return { id: update.id, slug: incident.slug, fanoutJobId, incidentPublished };
  });
  const { fanoutJobId, ...rest } = posted;
  const emailsQueued = fanoutJobId ? await runFanoutJobAfterCommit(db, fanoutJobId) : 0;
  return { ...rest, emailsQueued };
}
