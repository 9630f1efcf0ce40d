import { migrateToPostgres } from "../../../lib/backups/migrate-to-postgres";
import { UsageError, defineCommand } from "../command";
import { tableLines } from "./restore";

export default defineCommand({
  name: "migrate-to-postgres",
  summary: "Move the embedded database (everything: outbox and audit log too) to an empty PostgreSQL database",
  options: {
    to: { type: "string", value: "URL", required: true, description: "postgres:// URL of an empty database" },
  },
  description: `Run with DATABASE_URL unset and the app stopped. The target is migrated and filled in one
transaction; every table's row count and a sample of its rows are compared with the
source before COMMIT. A target holding any row is refused, naming what is there. Then
start the app with DATABASE_URL set to the same URL.`,
  async run({ values }, ctx) {
    if (!/^postgres(ql)?:\/\//.test(values.to)) throw new UsageError("must start with postgres:// or postgresql://", "--to");
    if (ctx.databaseTarget().url) throw new UsageError("DATABASE_URL is set: migrate-to-postgres reads the embedded database (unset DATABASE_URL; DATA_DIR names it).");
    const db = await ctx.database();
    ctx.progress(`Copying the embedded database to ${values.to.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")} ...`);
    const result = await migrateToPostgres(db, values.to, { actor: ctx.principal.actor, progress: ctx.progress });
    return {
      data: result,
      lines: [
        `Moved to ${result.target} in ${result.seconds.toFixed(1)} s (counts and samples match):`,
        ...tableLines(result.tables),
        `Next: stop using DATA_DIR; start the app and workers with DATABASE_URL=${result.target}`,
      ],
    };
  },
});
