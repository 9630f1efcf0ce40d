import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { DbClient, SqlClient } from "../db";
import { AppError } from "../errors";
import type { Actor } from "../audit/record-audit";

/**
 * API keys for machines (the recovery pipeline). The key is shown once; only its
 * SHA-256 is stored (a key has 256 bits of entropy, so a slow hash adds nothing).
 * Format: rp_<8-char prefix>_<secret>; the prefix tells keys apart in the console.
 */
export const apiKeyScopes = ["restores:write", "status:read"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];
export const apiKeyScopeSchema = z.enum(apiKeyScopes);

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export async function createApiKey(
  db: DbClient,
  input: { name: string; scopes: ApiKeyScope[]; createdById?: string | null; expiresAt?: Date | null },
): Promise<{ id: string; key: string; prefix: string }> {
  const prefix = randomBytes(6).toString("base64url").slice(0, 8);
  const key = `rp_${prefix}_${randomBytes(32).toString("base64url")}`;
  const row = await db.apiKey.create({
    data: { name: input.name, prefix, keyHash: hashApiKey(key), scopes: input.scopes, createdById: input.createdById ?? null, expiresAt: input.expiresAt ?? null },
    select: { id: true },
  });
  return { id: row.id, key, prefix };
}

/**
 * Resolves a bearer key to its actor, or throws UNAUTHENTICATED (unknown, revoked,
 * expired, malformed) / FORBIDDEN (known key without the scope). One round trip: the
 * row is read and, when the key may do this, its last use stamped in the same statement
 * (the pipeline API calls this once per batch of 10,000; two Prisma calls cost it ~10 ms
 * on a loaded machine). Takes any SqlClient: a Prisma client, or the raw driver (driverSql).
 */
export async function verifyApiKey(db: SqlClient, authorization: string | null, scope: ApiKeyScope): Promise<Actor> {
  const match = /^Bearer\s+(rp_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{20,})$/.exec(authorization ?? "");
  if (!match?.[1]) throw new AppError("UNAUTHENTICATED", "A valid API key is required: Authorization: Bearer rp_...");
  const hash = hashApiKey(match[1]);
  // Revoked or expired keys fail on their very next request: nothing about a key is cached.
  const [row] = await db.$queryRawUnsafe<{ id: string; name: string; key_hash: string; allowed: boolean }[]>(
    `WITH "k" AS (
       SELECT "id", "name", "key_hash", $2 = ANY("scopes") AS "allowed" FROM "api_key"
       WHERE "key_hash" = $1 AND "revoked_at" IS NULL AND ("expires_at" IS NULL OR "expires_at" > now())
     ), "used" AS (
       UPDATE "api_key" a SET "last_used_at" = now() FROM "k" WHERE a."id" = k."id" AND k."allowed" RETURNING 1
     )
     SELECT "id", "name", "key_hash", "allowed" FROM "k"`,
    hash,
    scope,
  );
  if (!row || !timingSafeEqual(Buffer.from(row.key_hash), Buffer.from(hash))) throw new AppError("UNAUTHENTICATED", "This API key is not valid.");
  if (!row.allowed) throw new AppError("FORBIDDEN", `This API key lacks the scope ${scope}.`);
  return { type: "api_key", id: row.id, label: `API key ${row.name}` };
}
