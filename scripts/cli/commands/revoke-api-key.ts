import { revokeApiKey } from "../../../lib/auth/manage-api-keys";
import { UsageError, defineCommand } from "../command";

export default defineCommand({
  name: "revoke-api-key",
  summary: "Revoke API keys by name (they fail with 401 on their next request)",
  description: "Revokes every active key with this name (list-api-keys shows the names). Exit 1 when none is active.",
  options: {
    name: { type: "string", value: "N", required: true, description: "the key's name, as given to create-api-key" },
  },
  async run({ values }, ctx) {
    const name = values.name.trim();
    if (!name) throw new UsageError("a key name", "--name");
    const db = await ctx.database();
    const { revoked } = await revokeApiKey(db.prisma, ctx.principal, { name });
    return {
      data: { revoked },
      lines: revoked.map((k) => `Revoked API key "${k.name}" (rp_${k.prefix}_…), id ${k.id}.`),
    };
  },
});
