import path from "node:path";
import { restoreDatabase } from "../../../lib/backups/restore-database";
import { defineCommand } from "../command";

export function tableLines(tables: { table: string; rows: number }[]): string[] {
  const filled = tables.filter((t) => t.rows > 0);
  const width = Math.max(0, ...filled.map((t) => t.table.length));
  return filled.map((t) => `  ${t.table.padEnd(width)}  ${t.rows.toLocaleString("en-US").padStart(12)}`);
}

export default defineCommand({
  name: "restore",
  summary: "Restore a backup made by the backup command (refuses a damaged or newer one)",
  args: "FILE",
  positionals: { min: 1, max: 1 },
  description: `Stop the app and the workers first. The file is read whole before anything changes: a
truncated or damaged file, or one from a newer version of the portal, is refused. A
database that still holds rows is only replaced with --replace (PostgreSQL: in one
transaction; embedded: the old directory is kept as DATA_DIR/pglite.replaced-<time>).
Migrations newer than the backup are applied after it, and the restore is audited.`,
  options: {
    replace: { type: "boolean", description: "overwrite a database that still holds data" },
  },
  async run({ values, positionals }, ctx) {
    const file = path.resolve(positionals[0] ?? "");
    const result = await restoreDatabase(ctx.databaseTarget(), file, { replace: values.replace, actor: ctx.principal.actor });
    return {
      data: result,
      lines: [
        `Restored ${file} (${result.format}, ${result.seconds.toFixed(1)} s)${result.migrated.length ? `; applied ${result.migrated.length} newer migrations` : ""}:`,
        ...tableLines(result.tables),
        ...(result.setAside ? [`The replaced embedded database was kept in ${result.setAside} (delete it once you are sure).`] : []),
        "Mail sent after the backup was taken is queued again: check the mail view before starting the workers.",
      ],
    };
  },
});
