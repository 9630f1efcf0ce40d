import { authorize, type Principal } from "../auth/principal";
import type { DbClient } from "../db";
import { AppError } from "../errors";

/** The endpoints with their delivery counts by status (one grouped read, not a count per endpoint). */
export async function listWebhookEndpoints(db: DbClient, principal: Principal) {
  authorize(principal.role, "webhooks:manage");
  const endpoints = await db.webhookEndpoint.findMany({ orderBy: { createdAt: "asc" } });
  const counts = await db.webhookDelivery.groupBy({ by: ["endpointId", "status"], _count: { _all: true } });
  return endpoints.map((ep) => {
    const mine = counts.filter((c) => c.endpointId === ep.id);
    const count = (status: string) => mine.find((c) => c.status === status)?._count._all ?? 0;
    return { ...ep, deliveries: { queued: count("queued") + count("sending"), sent: count("sent"), parked: count("parked") } };
  });
}
export type WebhookEndpointSummary = Awaited<ReturnType<typeof listWebhookEndpoints>>[number];

/** One endpoint and its delivery log, newest first (the last `limit`). */
export async function getWebhookEndpoint(db: DbClient, principal: Principal, id: string, limit = 100) {
  authorize(principal.role, "webhooks:manage");
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id } });
  if (!endpoint) throw new AppError("NOT_FOUND", "This webhook endpoint does not exist.");
  const deliveries = await db.webhookDelivery.findMany({
    where: { endpointId: id },
    orderBy: { id: "desc" },
    take: limit,
    select: { id: true, messageId: true, eventType: true, status: true, attempts: true, nextAttemptAt: true, lastError: true, lastResponse: true, sentAt: true, createdAt: true },
  });
  const parked = await db.webhookDelivery.count({ where: { endpointId: id, status: "parked" } });
  return { endpoint, deliveries, parked };
}

/** Endpoints the worker disabled (or an admin did): the dashboard's notice. */
export async function listDisabledWebhookEndpoints(db: DbClient) {
  return db.webhookEndpoint.findMany({
    where: { enabled: false },
    orderBy: { disabledAt: "desc" },
    select: { id: true, url: true, description: true, disabledReason: true, disabledAt: true },
  });
}
