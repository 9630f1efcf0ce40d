import path from "node:path";
import { backupDatabase } from "../../../lib/backups/backup-database";
import { defineCommand } from "../command";
import { tableLines } from "./restore";

export default defineCommand({
  name: "backup",
  summary: "Back up the whole database into FILE (pg_dump custom format, or PGlite's own dump)",
  args: "FILE",
  positionals: { min: 1, max: 1 },
  description: `With DATABASE_URL: pg_dump --format=custom (the app may keep running). Embedded (DATA_DIR):
PGlite's dump of its data directory, a .tar.gz; stop the app first (one process owns it).
The file is written as FILE.partial, read back whole, then renamed: an interrupted backup
never looks like one. Restore with "npm run cli -- restore FILE" (README: Backups).`,
  options: {},
  async run({ positionals }, ctx) {
    const file = path.resolve(positionals[0] ?? "");
    const result = await backupDatabase(ctx.databaseTarget(), file);
    const mb = (result.bytes / 1024 / 1024).toFixed(1);
    return {
      data: result,
      lines: [
        `Backed up to ${file} (${result.format}, ${mb} MB, ${result.migrations} migrations, ${result.seconds.toFixed(1)} s):`,
        ...tableLines(result.tables),
      ],
    };
  },
});
