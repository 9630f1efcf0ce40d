"use server";

import { prisma } from "@/lib/db";
import { defineAction } from "@/lib/http/define-action";
import { createWebhookEndpoint } from "@/lib/webhooks/create-webhook-endpoint";
import { resendParkedWebhookDeliveries, resendWebhookDelivery, rotateWebhookSecret, sendTestWebhook, setWebhookEndpointEnabled } from "@/lib/webhooks/manage-webhook-endpoint";
import {
  createWebhookEndpointSchema,
  setWebhookEndpointEnabledSchema,
  webhookDeliveryIdSchema,
  webhookEndpointIdSchema,
} from "@/lib/webhooks/webhook-schemas";

/** Admins register an endpoint; its secret is in the answer once (ActionResult shows it). */
export const createWebhookEndpointAction = defineAction(
  "webhooks:manage",
  createWebhookEndpointSchema,
  async (input, { principal }) => createWebhookEndpoint(await prisma(), principal, input),
  {
    success: (created) => `Registered ${created.url}. Copy its signing secret now: it is not shown again.`,
    revalidate: () => ["/admin/webhooks", "/admin"],
    data: (created) => ({ webhookSecret: created.secret, endpointId: created.id }),
  },
);

export const setWebhookEndpointEnabledAction = defineAction(
  "webhooks:manage",
  setWebhookEndpointEnabledSchema,
  async (input, { principal }) => setWebhookEndpointEnabled(await prisma(), principal, input),
  {
    success: (r) => (r.enabled ? "Enabled. Deliveries parked meanwhile stay parked: resend the ones you want." : "Disabled: nothing more is queued for it."),
    revalidate: (r) => ["/admin/webhooks", `/admin/webhooks/${r.id}`, "/admin"],
  },
);

export const sendTestWebhookAction = defineAction(
  "webhooks:manage",
  webhookEndpointIdSchema,
  async (input, { principal }) => sendTestWebhook(await prisma(), principal, input.id),
  { success: (r) => `Test delivery #${r.deliveryId} queued: see it in the log below.`, revalidate: (_r, input) => [`/admin/webhooks/${input.id}`] },
);

export const resendWebhookDeliveryAction = defineAction(
  "webhooks:manage",
  webhookDeliveryIdSchema,
  async (input, { principal }) => resendWebhookDelivery(await prisma(), principal, Number(input.id)),
  { success: "Queued again, with the same webhook-id. The resend is audited.", revalidate: (r) => [`/admin/webhooks/${r.endpointId}`] },
);

export const resendParkedWebhookDeliveriesAction = defineAction(
  "webhooks:manage",
  webhookEndpointIdSchema,
  async (input, { principal }) => resendParkedWebhookDeliveries(await prisma(), principal, input.id),
  { success: (r) => `${r.resent} parked deliveries queued again, with their webhook-ids.`, revalidate: (r) => [`/admin/webhooks/${r.id}`, "/admin/webhooks"] },
);

export const rotateWebhookSecretAction = defineAction(
  "webhooks:manage",
  webhookEndpointIdSchema,
  async (input, { principal }) => rotateWebhookSecret(await prisma(), principal, input.id),
  {
    success: "New signing secret: the old one no longer signs anything. Copy it now: it is not shown again.",
    revalidate: (r) => [`/admin/webhooks/${r.id}`, "/admin/webhooks"],
    data: (r) => ({ webhookSecret: r.secret }),
  },
);
