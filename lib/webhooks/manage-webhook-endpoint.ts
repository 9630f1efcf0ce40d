import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { AppError } from "../errors";
import { webhookTestEvent } from "./webhook-events";
import { encryptWebhookSecret, generateWebhookSecret, webhookSecretPrefix } from "./webhook-secret";
import { setWebhookEndpointEnabledSchema, type SetWebhookEndpointEnabledInput } from "./webhook-schemas";

/**
 * An admin enables or disables an endpoint. Enabling starts a new failure count; the
 * deliveries parked meanwhile stay parked until resent (resendWebhookDelivery), so
 * nothing old floods a receiver that has just come back. Audited.
 */
export async function setWebhookEndpointEnabled(db: DbClient, principal: Principal, input: SetWebhookEndpointEnabledInput): Promise<{ id: string; enabled: boolean }> {
  authorize(principal.role, "webhooks:manage");
  const { id, enabled } = setWebhookEndpointEnabledSchema.parse(input);
  return inTransaction(db, async (tx) => {
    const before = await tx.webhookEndpoint.findUnique({ where: { id }, select: { enabled: true, disabledReason: true, consecutiveFailures: true } });
    if (!before) throw new AppError("NOT_FOUND", "This webhook endpoint does not exist.");
    const reason = enabled ? null : `disabled by ${principal.actor.label}`;
    await tx.webhookEndpoint.update({
      where: { id },
      data: enabled ? { enabled: true, disabledReason: null, disabledAt: null, consecutiveFailures: 0 } : { enabled: false, disabledReason: reason, disabledAt: new Date() },
    });
    await recordAudit(tx, principal.actor, {
      action: enabled ? "webhook.enable" : "webhook.disable",
      targetType: "webhook_endpoint",
      targetId: id,
      before,
      after: { enabled, disabledReason: reason },
    });
    return { id, enabled };
  });
}

/** Queues a webhook.test delivery to one endpoint (it goes out even when the endpoint is disabled). Audited. */
export async function sendTestWebhook(db: DbClient, principal: Principal, endpointId: string): Promise<{ deliveryId: number }> {
  authorize(principal.role, "webhooks:manage");
  return inTransaction(db, async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { id: true } });
    if (!endpoint) throw new AppError("NOT_FOUND", "This webhook endpoint does not exist.");
    const delivery = await tx.webhookDelivery.create({
      data: { endpointId, eventType: webhookTestEvent, payload: { message: "A test delivery from Recovery Portal.", endpointId, requestedBy: principal.actor.label } },
      select: { id: true },
    });
    await recordAudit(tx, principal.actor, { action: "webhook.test", targetType: "webhook_endpoint", targetId: endpointId, after: { deliveryId: delivery.id } });
    return { deliveryId: delivery.id };
  });
}

/**
 * Sends a parked (or sent) delivery again: back to the queue with a fresh attempt
 * budget and the same webhook-id, so a receiver that got it before recognises it. Audited.
 */
export async function resendWebhookDelivery(db: DbClient, principal: Principal, deliveryId: number): Promise<{ id: number; endpointId: string }> {
  authorize(principal.role, "webhooks:manage");
  return inTransaction(db, async (tx) => {
    const row = await tx.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { id: true, endpointId: true, status: true, attempts: true, lastError: true } });
    if (!row) throw new AppError("NOT_FOUND", `Delivery ${deliveryId} does not exist.`);
    if (row.status !== "parked" && row.status !== "sent") {
      throw new AppError("CONFLICT", `Delivery ${deliveryId} is ${row.status}: only a parked or sent delivery can be sent again.`);
    }
    const updated = await tx.webhookDelivery.updateMany({
      where: { id: deliveryId, status: row.status },
      data: { status: "queued", attempts: 0, nextAttemptAt: new Date(), lockedBy: null, lockedUntil: null, lastError: null },
    });
    if (updated.count !== 1) throw new AppError("CONFLICT", `Delivery ${deliveryId} changed meanwhile; reload and try again.`);
    await recordAudit(tx, principal.actor, {
      action: "webhook.resend",
      targetType: "webhook_delivery",
      targetId: deliveryId,
      before: { status: row.status, attempts: row.attempts, lastError: row.lastError },
      after: { status: "queued" },
    });
    return { id: deliveryId, endpointId: row.endpointId };
  });
}

/**
 * After an outage: every parked delivery of one endpoint back to the queue (fresh
 * attempt budget, same webhook-ids), in one statement, with one audit entry. Refused
 * while the endpoint is disabled (they would park again at once).
 */
export async function resendParkedWebhookDeliveries(db: DbClient, principal: Principal, endpointId: string): Promise<{ id: string; resent: number }> {
  authorize(principal.role, "webhooks:manage");
  return inTransaction(db, async (tx) => {
    const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { id: true, enabled: true } });
    if (!endpoint) throw new AppError("NOT_FOUND", "This webhook endpoint does not exist.");
    if (!endpoint.enabled) throw new AppError("CONFLICT", "The endpoint is disabled: enable it first, or its deliveries park again at once.");
    const { count } = await tx.webhookDelivery.updateMany({
      where: { endpointId, status: "parked" },
      data: { status: "queued", attempts: 0, nextAttemptAt: new Date(), lockedBy: null, lockedUntil: null, lastError: null },
    });
    await recordAudit(tx, principal.actor, { action: "webhook.resend_parked", targetType: "webhook_endpoint", targetId: endpointId, after: { resent: count } });
    return { id: endpointId, resent: count };
  });
}

/**
 * A new signing secret for an endpoint (a leaked secret, or one made unreadable by a
 * changed AUTH_SECRET): returned once, the old one stops at once (deliveries are signed
 * when sent, so queued ones carry the new signature). Audited with the prefixes only.
 */
export async function rotateWebhookSecret(db: DbClient, principal: Principal, endpointId: string): Promise<{ id: string; secret: string; secretPrefix: string }> {
  authorize(principal.role, "webhooks:manage");
  const secret = generateWebhookSecret();
  const secretPrefix = webhookSecretPrefix(secret);
  return inTransaction(db, async (tx) => {
    const before = await tx.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { secretPrefix: true } });
    if (!before) throw new AppError("NOT_FOUND", "This webhook endpoint does not exist.");
    await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { secretCiphertext: encryptWebhookSecret(secret), secretPrefix } });
    await recordAudit(tx, principal.actor, {
      action: "webhook.rotate_secret",
      targetType: "webhook_endpoint",
      targetId: endpointId,
      before: { secretPrefix: before.secretPrefix },
      after: { secretPrefix },
    });
    return { id: endpointId, secret, secretPrefix };
  });
}
