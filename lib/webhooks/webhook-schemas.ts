import { z } from "zod";
import { WebhookFormat } from "../generated/prisma/enums";
import { webhookEventTypeSchema } from "./webhook-events";

/** One schema for the console's form, the CLI and the use case. */
export const webhookFormats = Object.values(WebhookFormat) as [WebhookFormat, ...WebhookFormat[]];

/** A form sends one value for one checkbox and an array for several. */
const oneOrMany = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export const createWebhookEndpointSchema = z.object({
  url: z.string().trim().min(1, "Give the receiver's URL.").max(2000, "At most 2,000 characters."),
  events: oneOrMany(webhookEventTypeSchema)
    .refine((events) => events.length > 0, "Choose at least one event.")
    .refine((events) => new Set(events).size === events.length, "An event is named twice."),
  format: z.enum(webhookFormats).default("standard"),
  description: z.string().trim().max(200, "At most 200 characters.").default(""),
});
export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointSchema>;

export const webhookEndpointIdSchema = z.object({ id: z.uuid({ error: "Which endpoint? The id is missing." }) });

export const setWebhookEndpointEnabledSchema = z.object({
  id: z.uuid({ error: "Which endpoint? The id is missing." }),
  enabled: z.enum(["true", "false"]).transform((v) => v === "true"),
});
export type SetWebhookEndpointEnabledInput = z.input<typeof setWebhookEndpointEnabledSchema>;

export const webhookDeliveryIdSchema = z.object({ id: z.coerce.number({ error: "Which delivery? The id is missing." }).int().positive() });
