import { listWebhookEndpoints } from "../../../lib/webhooks/list-webhook-endpoints";
import { defineCommand } from "../command";

export default defineCommand({
  name: "list-webhooks",
  summary: "List the webhook endpoints: URL, events, state, deliveries (never the secrets)",
  options: {},
  async run(_input, ctx) {
    const db = await ctx.database();
    const endpoints = await listWebhookEndpoints(db.prisma, ctx.principal);
    const data = endpoints.map((e) => ({
      id: e.id,
      url: e.url,
      events: e.events,
      format: e.format,
      description: e.description,
      secretPrefix: e.secretPrefix,
      enabled: e.enabled,
      disabledReason: e.disabledReason,
      consecutiveFailures: e.consecutiveFailures,
      lastSuccessAt: e.lastSuccessAt,
      deliveries: e.deliveries,
    }));
    return {
      data,
      lines:
        data.length === 0
          ? ["No webhook endpoints. Register one with create-webhook --url U --event E."]
          : data.map(
              (e) =>
                `${e.id}  ${e.url}  [${e.events.join(", ")}] ${e.format}  ${e.enabled ? "enabled" : `DISABLED (${e.disabledReason ?? ""})`}  ` +
                `secret ${e.secretPrefix}  queued ${e.deliveries.queued}, sent ${e.deliveries.sent}, parked ${e.deliveries.parked}`,
            ),
    };
  },
});
