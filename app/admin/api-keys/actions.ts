"use server";

import { z } from "zod";
import { apiKeyScopeSchema } from "@/lib/auth/api-keys";
import { issueApiKey, revokeApiKey } from "@/lib/auth/manage-api-keys";
import { prisma } from "@/lib/db";
import { defineAction } from "@/lib/http/define-action";

const page = () => ["/admin/api-keys"];

export const createApiKeyAction = defineAction(
  "apikeys:manage",
  z.object({
    name: z.string().trim().min(1).max(100),
    scopes: z.union([apiKeyScopeSchema, z.array(apiKeyScopeSchema)]).transform((s) => (Array.isArray(s) ? s : [s])),
    expiresInDays: z.union([z.literal(""), z.coerce.number().int().min(1).max(3650)]).optional(),
  }),
  async (input, { principal }) => {
    const scopes = Array.isArray(input.scopes) ? input.scopes : [input.scopes];
    const days = input.expiresInDays === "" || input.expiresInDays === undefined ? undefined : Number(input.expiresInDays);
    return issueApiKey(await prisma(), principal, { name: input.name, scopes, ...(days ? { expiresInDays: days } : {}) });
  },
  { success: (created) => `Created API key "${created.name}".`, revalidate: page, data: (created) => ({ apiKey: created.key }) },
);

export const revokeApiKeyAction = defineAction(
  "apikeys:manage",
  z.object({ id: z.string().uuid() }),
  async (input, { principal }) => revokeApiKey(await prisma(), principal, { id: input.id }),
  { success: "Revoked: the key fails on its next request.", revalidate: page, data: () => ({}) },
);
