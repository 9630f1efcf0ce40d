import { describe, expect, it } from "vitest";
import { createApiKey, verifyApiKey } from "@/lib/auth/api-keys";
import { driverSql } from "@/lib/db";
import { useTestDatabase } from "../helpers/db";

describe("API keys", async () => {
  const db = await useTestDatabase();

  it("stores only a hash and accepts the key it printed, with its scope", async () => {
    const { key, id } = await createApiKey(db.prisma, { name: "pipeline", scopes: ["restores:write"] });
    const stored = await db.driver.query<{ key_hash: string }>(`SELECT key_hash FROM api_key WHERE id = $1`, [id]);
    expect(stored[0]?.key_hash).not.toContain(key.slice(12));
    await expect(verifyApiKey(db.prisma, `Bearer ${key}`, "restores:write")).resolves.toMatchObject({ type: "api_key", id });
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeInstanceOf(Date);
  });

  it("stamps the last use only of a key that may do the request, also on the raw driver", async () => {
    const { key, id } = await createApiKey(db.prisma, { name: "stamp", scopes: ["status:read"] });
    await expect(verifyApiKey(driverSql(db.driver), `Bearer ${key}`, "restores:write")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull();
    await expect(verifyApiKey(driverSql(db.driver), `Bearer ${key}`, "status:read")).resolves.toMatchObject({ type: "api_key", id, label: "API key stamp" });
    expect((await db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeInstanceOf(Date);
  });

  it("refuses an expired key with 401", async () => {
    const { key } = await createApiKey(db.prisma, { name: "old", scopes: ["status:read"], expiresAt: new Date(Date.now() - 1000) });
    await expect(verifyApiKey(db.prisma, `Bearer ${key}`, "status:read")).rejects.toMatchObject({ status: 401 });
  });

  it("refuses a missing, unknown or revoked key with 401 and a wrong scope with 403", async () => {
    const { key, id } = await createApiKey(db.prisma, { name: "reader", scopes: ["status:read"] });
    await expect(verifyApiKey(db.prisma, null, "status:read")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(verifyApiKey(db.prisma, `Bearer ${key}x`, "status:read")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(verifyApiKey(db.prisma, `Bearer ${key}`, "restores:write")).rejects.toMatchObject({ code: "FORBIDDEN", status: 403 });
    await db.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await expect(verifyApiKey(db.prisma, `Bearer ${key}`, "status:read")).rejects.toMatchObject({ status: 401 });
  });
});
