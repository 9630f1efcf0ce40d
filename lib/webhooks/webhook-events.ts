import { z } from "zod";

/**
 * The events an endpoint can receive. Every one but account.restored is chosen by
 * default when an endpoint is registered; account.restored (one delivery per account
 * whose data reached a final state: up to a million for one incident) only when it is
 * asked for by name.
 */
export const webhookEventTypes = ["incident.created", "incident.updated", "letter.published", "restores.batch_applied", "account.restored"] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];
export const webhookEventTypeSchema = z.enum(webhookEventTypes, { error: `must be one of ${webhookEventTypes.join(", ")}` });

export const defaultWebhookEvents: readonly WebhookEventType[] = webhookEventTypes.filter((t) => t !== "account.restored");

/** The test-send button's event: sent to one endpoint whatever it subscribes to. */
export const webhookTestEvent = "webhook.test";

export const webhookEventLabels: Record<WebhookEventType, string> = {
  "incident.created": "An incident was created",
  "incident.updated": "An incident was edited, published or given an update",
  "letter.published": "A letter was published (or corrected)",
  "restores.batch_applied": "A batch of restore state changes was applied (pipeline, import, bulk change)",
  "account.restored": "One account's data reached a final state (one delivery per account: opt in)",
};
