import { apiKeyScopeSchema, apiKeyScopes } from "../../../lib/auth/api-keys";
import { issueApiKey } from "../../../lib/auth/manage-api-keys";
import { UsageError, defineCommand } from "../command";

export default defineCommand({
  name: "create-api-key",
  summary: "Create an API key for a machine (shown once; only its hash is stored)",
  description: `Scopes: ${apiKeyScopes.join(", ")}. List keys with list-api-keys, revoke one with revoke-api-key --name N.`,
  options: {
    name: { type: "string", value: "N", required: true, description: "what the key is for, e.g. pipeline" },
    scope: { type: "string", value: "S", multiple: true, required: true, description: `a scope: ${apiKeyScopes.join(", ")}` },
    "expires-days": { type: "string", value: "D", description: "stop working after D days (1 to 3650; default: until revoked)" },
  },
  async run({ values }, ctx) {
    const name = values.name.trim();
    if (!name || name.length > 100) throw new UsageError("1 to 100 characters", "--name");
    const scopes = values.scope.map((s) => {
      const parsed = apiKeyScopeSchema.safeParse(s);
      if (!parsed.success) throw new UsageError(`unknown scope "${s}" (${apiKeyScopes.join(", ")})`, "--scope");
      return parsed.data;
    });
    const days = values["expires-days"];
    if (days !== undefined && !/^\d{1,4}$/.test(days)) throw new UsageError("a whole number of days, 1 to 3650", "--expires-days");
    const db = await ctx.database();
    const created = await issueApiKey(db.prisma, ctx.principal, { name, scopes, ...(days === undefined ? {} : { expiresInDays: Number(days) }) });
    return {
      data: { id: created.id, name, scopes, prefix: created.prefix, expiresAt: created.expiresAt, key: created.key },
      lines: [
        `Created API key "${name}" (${scopes.join(", ")}), id ${created.id}${created.expiresAt ? `, expires ${created.expiresAt.toISOString()}` : ""}.`,
        "The key is shown once; store it now:",
        created.key,
      ],
    };
  },
});
