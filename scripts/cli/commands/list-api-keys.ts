import { listApiKeys } from "../../../lib/auth/manage-api-keys";
import { defineCommand } from "../command";

export default defineCommand({
  name: "list-api-keys",
  summary: "List the API keys: name, scopes, prefix, created, last used, expiry, state (never the keys)",
  options: {},
  async run(_input, ctx) {
    const db = await ctx.database();
    const keys = await listApiKeys(db.prisma, ctx.principal);
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    const data = keys.map((k) => ({
      id: k.id,
      name: k.name,
      scopes: k.scopes,
      prefix: k.prefix,
      state: k.state,
      createdAt: iso(k.createdAt),
      createdBy: k.createdBy,
      lastUsedAt: iso(k.lastUsedAt),
      expiresAt: iso(k.expiresAt),
      revokedAt: iso(k.revokedAt),
    }));
    return {
      data,
      lines:
        data.length === 0
          ? ["No API keys. Create one with create-api-key --name N --scope S."]
          : data.map(
              (k) =>
                `${k.name}  rp_${k.prefix}_…  [${k.scopes.join(", ")}]  ${k.state}  created ${k.createdAt}  last used ${k.lastUsedAt ?? "never"}` +
                (k.expiresAt ? `  expires ${k.expiresAt}` : ""),
            ),
    };
  },
});
