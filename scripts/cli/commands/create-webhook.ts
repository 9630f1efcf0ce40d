import { createWebhookEndpoint } from "../../../lib/webhooks/create-webhook-endpoint";
import { defaultWebhookEvents, webhookEventTypes } from "../../../lib/webhooks/webhook-events";
import { webhookFormats } from "../../../lib/webhooks/webhook-schemas";
import { defineCommand } from "../command";

export default defineCommand({
  name: "create-webhook",
  summary: "Register a webhook endpoint (its whsec_ signing secret is printed once)",
  description: [
    `Events: ${webhookEventTypes.join(", ")}. account.restored (one delivery per account) is only sent when named.`,
    `Suggested set: ${defaultWebhookEvents.map((e) => `--event ${e}`).join(" ")}.`,
    "The URL must be https and reach a public address (WEBHOOKS_ALLOW_PRIVATE=1 allows http and private addresses, for tests).",
  ].join("\n"),
  options: {
    url: { type: "string", value: "U", required: true, description: "the receiver's URL" },
    event: { type: "string", value: "E", multiple: true, required: true, description: "an event to send it" },
    format: { type: "string", value: "F", default: "standard", description: `the body: ${webhookFormats.join(", ")}` },
    description: { type: "string", value: "D", description: "what it is for" },
  },
  fieldSources: { events: "--event" },
  async run({ values }, ctx) {
    const db = await ctx.database();
    const created = await createWebhookEndpoint(db.prisma, ctx.principal, {
      url: values.url,
      events: values.event as never,
      format: values.format as never,
      description: values.description ?? "",
    });
    return {
      data: created,
      lines: [
        `Registered webhook endpoint ${created.id}: ${created.url} (${created.events.join(", ")}; ${created.format}).`,
        "Its signing secret is shown once; give it to the receiver now:",
        created.secret,
      ],
    };
  },
});
