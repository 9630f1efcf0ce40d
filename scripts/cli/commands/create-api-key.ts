import { apiKeyScopeSchema, apiKeyScopes, createApiKey } from "../../../lib/auth/api-keys";
import { recordAudit } from "../../../lib/audit/record-audit";
import { UsageError, defineCommand } from "../command";

export default defineCommand({
  name: "create-api-key",
  summary: "Create an API key for a machine (shown once; only its hash is stored)",
  description: `Scopes: ${apiKeyScopes.join(", ")}.`,
  options: {
    name: { type: "string", value: "N", required: true, description: "what the key is for, e.g. pipeline" },
    scope: { type: "string", value: "S", multiple: true, required: true, description: `a scope: ${apiKeyScopes.join(", ")}` },
  },
  async run({ values }, ctx) {
    const name = values.name.trim();
    if (!name || name.length > 100) throw new UsageError("1 to 100 characters", "--name");
    const scopes = values.scope.map((s) => {
      const parsed = apiKeyScopeSchema.safeParse(s);
      if (!parsed.success) throw new UsageError(`unknown scope "${s}" (${apiKeyScopes.join(", ")})`, "--scope");
      return parsed.data;
    });
    const db = await ctx.database();
    // TODO(auth): this key-plus-audit step belongs in a lib/auth use case, next to list/revoke.
    const created = await db.prisma.$transaction(async (tx) => {
      const key = await createApiKey(tx, { name, scopes });
      await recordAudit(tx, ctx.principal.actor, { action: "api_key.create", targetType: "api_key", targetId: key.id, after: { name, scopes, prefix: key.prefix } });
      return key;
    });
    return {
      data: { id: created.id, name, scopes, prefix: created.prefix, key: created.key },
      lines: [`Created API key "${name}" (${scopes.join(", ")}), id ${created.id}.`, "The key is shown once; store it now:", created.key],
    };
  },
});
