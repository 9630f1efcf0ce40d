import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { Prisma } from "../db";
import { AppError } from "../errors";
import { apiKeyScopeSchema, createApiKey } from "./api-keys";
import { authorize, type Principal } from "./principal";

/**
 * The admin's side of API keys (console /admin/api-keys and the CLI): issue (the key is
 * shown once), list (never the hash) and revoke. verifyApiKey reads the row on every
 * request, so a revoked or expired key fails on its next request.
 */
export const issueApiKeySchema = z.object({
  name: z.string().trim().min(1, "1 to 100 characters").max(100, "1 to 100 characters"),
  scopes: z.array(apiKeyScopeSchema).min(1, "at least one scope"),
  /** Days until it stops working; unset: until revoked. */
  expiresInDays: z.coerce.number().int().min(1).max(3650).optional(),
});
export type IssueApiKeyInput = z.input<typeof issueApiKeySchema>;

export async function issueApiKey(db: Prisma, principal: Principal, input: IssueApiKeyInput, now = new Date()) {
  authorize(principal.role, "apikeys:manage");
  const data = issueApiKeySchema.parse(input);
  const expiresAt = data.expiresInDays ? new Date(now.getTime() + data.expiresInDays * 86_400_000) : null;
  return db.$transaction(async (tx) => {
    const key = await createApiKey(tx, { name: data.name, scopes: data.scopes, createdById: principal.staffId, expiresAt });
    await recordAudit(tx, principal.actor, {
      action: "api_key.create",
      targetType: "api_key",
      targetId: key.id,
      after: { name: data.name, scopes: data.scopes, prefix: key.prefix, expiresAt },
    });
    return { id: key.id, name: data.name, scopes: data.scopes, prefix: key.prefix, expiresAt, key: key.key };
  });
}

export interface ApiKeyRow {
  id: string;
  name: string;
  scopes: string[];
  prefix: string;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  state: "active" | "expired" | "revoked";
}

export async function listApiKeys(db: Prisma, principal: Principal, now = new Date()): Promise<ApiKeyRow[]> {
  authorize(principal.role, "apikeys:manage");
  const rows = await db.apiKey.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: { id: true, name: true, scopes: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true, createdBy: { select: { email: true } } },
  });
  return rows.map(({ createdBy, ...r }) => ({
    ...r,
    createdBy: createdBy?.email ?? null,
    state: r.revokedAt ? "revoked" : r.expiresAt && r.expiresAt <= now ? "expired" : "active",
  }));
}

/** Revokes one key by id, or every active key with this name; NOT_FOUND when there is none. */
export async function revokeApiKey(db: Prisma, principal: Principal, which: { id: string } | { name: string }): Promise<{ revoked: { id: string; name: string; prefix: string }[] }> {
  authorize(principal.role, "apikeys:manage");
  return db.$transaction(async (tx) => {
    const keys = await tx.apiKey.findMany({
      where: { revokedAt: null, ...("id" in which ? { id: which.id } : { name: which.name.trim() }) },
      select: { id: true, name: true, prefix: true },
    });
    if (keys.length === 0) {
      throw new AppError("NOT_FOUND", "id" in which ? "No such active API key." : `No active API key is named "${which.name}".`);
    }
    const now = new Date();
    await tx.apiKey.updateMany({ where: { id: { in: keys.map((k) => k.id) } }, data: { revokedAt: now } });
    for (const key of keys) {
      await recordAudit(tx, principal.actor, { action: "api_key.revoke", targetType: "api_key", targetId: key.id, after: { name: key.name, prefix: key.prefix } });
    }
    return { revoked: keys };
  });
}
