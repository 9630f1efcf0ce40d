import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { queueIncidentWebhook } from "../webhooks/queue-webhook-event";
import { publishIncident } from "./publish-incident";
import { createIncidentSchema, type CreateIncidentInput } from "./incident-schemas";

/**
 * Creates a draft incident with its kinds of data. Nothing is public until published;
 * `publish` does that in the same transaction (the CLI's create-incident --publish).
 */
export async function createIncident(
  db: DbClient,
  principal: Principal,
  input: CreateIncidentInput,
  options: { publish?: boolean } = {},
): Promise<{ id: string; slug: string; publishedAt: Date | null }> {
  authorize(principal.role, "incidents:write");
  const data = createIncidentSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const taken = await tx.incident.findUnique({ where: { slug: data.slug }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", `An incident with the address ${data.slug} already exists.`, { field: "slug" });
    const incident = await tx.incident.create({
      data: {
        slug: data.slug,
        title: data.title,
        summary: data.summary,
        advice: data.advice,
        remedy: data.remedy,
        defaultLocale: data.defaultLocale,
        impact: data.impact,
        startedAt: data.startedAt,
        categories: { create: data.categories.map((c, i) => ({ key: c.key, label: c.label, position: i + 1 })) },
      },
      select: { id: true, slug: true },
    });
    await recordAudit(tx, principal.actor, {
      action: "incident.create",
      targetType: "incident",
      targetId: incident.id,
      after: data,
    });
    await queueIncidentWebhook(tx, "incident.created", incident.id);
    const publishedAt = options.publish ? (await publishIncident(tx, principal, incident.id)).publishedAt : null;
    return { ...incident, publishedAt };
  });
}
