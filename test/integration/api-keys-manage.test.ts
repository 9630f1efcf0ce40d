import { describe, expect, it, vi } from "vitest";
import type { ActionState } from "@/lib/http/action-state";
import { cli } from "../helpers/cli";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";
import { pageResponse } from "../helpers/pages";
import { signedInAs } from "../helpers/staff";

/**
 * Issue 11.6: API keys are listed (name, scopes, prefix, created, last used), revoked
 * (effective on the next request) and may expire, in the CLI and the console.
 */
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [], has: () => false }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const { POST } = await import("@/app/api/v1/restores/route");

describe("API keys: list, revoke, expire", async () => {
  const db = await useTestDatabase();
  const { incident, accounts } = await createIncidentWithAccounts(db, { accounts: 1, slug: "keys-incident" });
  let call = 0;
  const post = async (key: string) =>
    (
      await POST(
        new Request("http://localhost/api/v1/restores", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ incident: incident.slug, items: [{ account: accounts[0]!.externalRef, category: "contacts", state: "restoring", key: `k-${++call}` }] }),
        }),
      )
    ).status;

  it("CLI: create (optionally expiring), list without secrets, revoke by name: the key's next request gets 401", async () => {
    const created = await cli(db, ["create-api-key", "--name", "pipeline", "--scope", "restores:write", "--json"]);
    expect(created.code).toBe(0);
    const { key, prefix } = created.json() as { key: string; prefix: string };
    expect(await post(key)).toBe(200);

    const listed = await cli(db, ["list-api-keys", "--json"]);
    expect(listed.code).toBe(0);
    const rows = listed.json() as Record<string, unknown>[];
    expect(rows).toEqual([
      expect.objectContaining({ name: "pipeline", scopes: ["restores:write"], prefix, state: "active", createdAt: expect.any(String), lastUsedAt: expect.any(String), expiresAt: null }),
    ]);
    expect(listed.stdout).not.toContain(key);
    expect((await cli(db, ["list-api-keys"])).stdout).toMatch(new RegExp(`pipeline  rp_${prefix}_…  \\[restores:write\\]  active`));

    const revoked = await cli(db, ["revoke-api-key", "--name", "pipeline"]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked API key "pipeline" (rp_${prefix}_…)`);
    expect(await post(key)).toBe(401);
    expect(await db.prisma.auditLog.count({ where: { action: "api_key.revoke" } })).toBe(1);

    // Nothing active by that name any more: exit 1; no name: usage (exit 2).
    expect((await cli(db, ["revoke-api-key", "--name", "pipeline"])).code).toBe(1);
    expect((await cli(db, ["revoke-api-key"])).code).toBe(2);

    const expiring = (await cli(db, ["create-api-key", "--name", "short", "--scope", "restores:write", "--expires-days", "1", "--json"])).json() as { key: string; expiresAt: string };
    expect(new Date(expiring.expiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    expect(await post(expiring.key)).toBe(200);
    await db.prisma.apiKey.updateMany({ where: { name: "short" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await post(expiring.key)).toBe(401);
    expect((await cli(db, ["list-api-keys", "--json"])).json()).toEqual(expect.arrayContaining([expect.objectContaining({ name: "short", state: "expired" })]));
    expect((await cli(db, ["create-api-key", "--name", "x", "--scope", "restores:write", "--expires-days", "soon"])).code).toBe(2);
  });

  it("console: an admin creates a key (shown once), sees it listed and revokes it; a support member cannot", async () => {
    const { createApiKeyAction, revokeApiKeyAction } = await import("@/app/admin/api-keys/actions");
    const form = (fields: [string, string][]) => {
      const f = new FormData();
      for (const [k, v] of fields) f.append(k, v);
      return f;
    };
    requestHeaders = await signedInAs(db, "support");
    expect(await createApiKeyAction({ status: "idle" }, form([["name", "sneaky"], ["scopes", "restores:write"]]))).toMatchObject({ status: "error", code: "FORBIDDEN" });

    requestHeaders = await signedInAs(db, "admin");
    const created = (await createApiKeyAction({ status: "idle" }, form([["name", "console-key"], ["scopes", "restores:write"], ["scopes", "status:read"], ["expiresInDays", ""]]))) as ActionState & { data?: { apiKey: string } };
    expect(created).toMatchObject({ status: "ok" });
    const key = created.data!.apiKey;
    expect(await post(key)).toBe(200);
    const row = await db.prisma.apiKey.findFirstOrThrow({ where: { name: "console-key" } });
    expect(row.scopes).toEqual(["restores:write", "status:read"]);

    const page = await (await pageResponse((await import("@/app/admin/api-keys/page")).default())).text();
    expect(page).toContain("console-key");
    expect(page).toContain(`rp_${row.prefix}_…`);
    expect(page).not.toContain(key);

    expect(await revokeApiKeyAction({ status: "idle" }, form([["id", row.id]]))).toMatchObject({ status: "ok" });
    expect(await post(key)).toBe(401);
  });
});
