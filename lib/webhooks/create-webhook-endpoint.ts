import { recordAudit } from "../audit/record-audit";
import { authorize, type Principal } from "../auth/principal";
import { inTransaction, type DbClient } from "../db";
import { env } from "../env";
import { createWebhookEndpointSchema, type CreateWebhookEndpointInput } from "./webhook-schemas";
import { encryptWebhookSecret, generateWebhookSecret, webhookSecretPrefix } from "./webhook-secret";
import { checkWebhookUrl } from "./webhook-target";

/**
 * Registers an endpoint: checks the URL (https, a public address: webhook-target.ts),
 * generates its whsec_ secret and stores it encrypted. The secret is returned once,
 * here, and never shown again. Audited (without the secret).
 */
export async function createWebhookEndpoint(
  db: DbClient,
  principal: Principal,
  input: CreateWebhookEndpointInput,
  options: { allowPrivate?: boolean } = {},
): Promise<{ id: string; url: string; events: string[]; format: string; secret: string; secretPrefix: string }> {
  authorize(principal.role, "webhooks:manage");
  const data = createWebhookEndpointSchema.parse(input);
  const url = await checkWebhookUrl(data.url, { allowPrivate: options.allowPrivate ?? env().WEBHOOKS_ALLOW_PRIVATE });
  const secret = generateWebhookSecret();
  const secretPrefix = webhookSecretPrefix(secret);
  return inTransaction(db, async (tx) => {
    const row = await tx.webhookEndpoint.create({
      data: { url, events: data.events, format: data.format, description: data.description, secretCiphertext: encryptWebhookSecret(secret), secretPrefix },
      select: { id: true },
    });
    await recordAudit(tx, principal.actor, {
      action: "webhook.create",
      targetType: "webhook_endpoint",
      targetId: row.id,
      after: { url, events: data.events, format: data.format, description: data.description, secretPrefix },
    });
    return { id: row.id, url, events: data.events, format: data.format, secret, secretPrefix };
  });
}
