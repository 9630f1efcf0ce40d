import { existsSync, statSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { database, type Database } from "../db";
import { migrate } from "../migrate";
import { resolveIncidentId } from "./create-import-job";
import { importColumns } from "./import-format";
import { runImport, type ImportReport } from "./run-import";

/**
 * `npm run cli -- import FILE [--dry-run] [--incident SLUG]`: the same validation,
 * report and one-transaction commit as the upload, on the app's DATABASE_URL/DATA_DIR
 * (with PGlite, stop the app first: one process owns its data directory). No size
 * limit: this is the path for files too big to upload. Exit status: 0 when every row
 * was accepted (and, without --dry-run, applied), 1 when anything was rejected or
 * failed, 2 for a usage error.
 */
export const importUsage = `Usage: import FILE [--dry-run] [--incident SLUG]

Imports affected accounts from a CSV file with the columns
  ${importColumns.join(",")}
(one row per account and data category; see docs/readme/imports.md).

  --dry-run        validate and report, change nothing
  --incident SLUG  the incident to import into (default: the most recent one)`;

export async function runImportCli(args: string[], options: { db?: Database; out?: (line: string) => void } = {}): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line));
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { "dry-run": { type: "boolean", default: false }, incident: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    });
  } catch (error) {
    out(`${(error as Error).message}\n\n${importUsage}`);
    return 2;
  }
  if (parsed.values.help) {
    out(importUsage);
    return 0;
  }
  const file = parsed.positionals[0];
  if (!file || parsed.positionals.length > 1) {
    out(importUsage);
    return 2;
  }
  const filePath = path.resolve(file);
  if (!existsSync(filePath) || !statSync(filePath).isFile()) {
    out(`No such file: ${filePath}`);
    return 2;
  }
  const db = options.db ?? (await database());
  await migrate(db.driver);
  const incidentId = await resolveIncidentId(db, undefined, parsed.values.incident);
  const dryRun = parsed.values["dry-run"];
  const job = await db.prisma.importJob.create({ data: { incidentId, fileName: path.basename(filePath), dryRun } });
  out(`${dryRun ? "Dry run of" : "Importing"} ${filePath} (job ${job.id})...`);
  const report = await runImport(db, {
    jobId: job.id,
    filePath,
    commit: !dryRun,
    actor: { type: "system", id: null, label: `cli:${safeUser()}` },
  });
  printReport(report, out);
  return report.rowsRejected === 0 && report.status !== "failed" ? 0 : 1;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}

export function printReport(report: ImportReport, out: (line: string) => void): void {
  const n = (v: number) => v.toLocaleString("en-US");
  out(`Rows read: ${n(report.rowsRead)}, rejected: ${n(report.rowsRejected)}, applied: ${n(report.rowsApplied)}. Status: ${report.status}.`);
  for (const e of report.errors) out(`  line ${e.line}${e.field ? `, ${e.field}` : ""}: ${e.reason}`);
  if (report.errors.length < report.rowsRejected) out(`  (first ${report.errors.length} errors shown)`);
  if (report.summary) {
    const s = report.summary;
    out(`Accounts created ${n(s.accountsCreated)}, updated ${n(s.accountsUpdated)}; impacts created ${n(s.impactsCreated)}; states changed ${n(s.statesChanged)}; restore events ${n(s.events)}; restore emails queued ${n(s.emailsQueued)}.`);
  }
  if (report.status === "failed" || report.rowsRejected > 0) out(report.dryRun ? "Fix the rows above, then import again." : "Nothing was applied.");
  else if (report.dryRun) out("The file is valid. Run again without --dry-run to apply it.");
}
