import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { importColumns } from "../../../lib/imports/import-format";
import { importFile } from "../../../lib/imports/import-file";
import type { ImportReport } from "../../../lib/imports/run-import";
import { UsageError, defineCommand } from "../command";

export default defineCommand({
  name: "import",
  summary: "Import affected accounts and their impacts from a CSV file (dry run first)",
  args: "FILE",
  positionals: { min: 1, max: 1 },
  description: `The CSV has the columns
  ${importColumns.join(",")}
(one row per account and data category; see docs/readme/imports.md). The same validation,
report and one-transaction commit as the upload, without its size limit. Exit status 1 when
any row is rejected; then nothing is applied.`,
  options: {
    "dry-run": { type: "boolean", description: "validate and report, change nothing" },
    incident: { type: "string", value: "SLUG", description: "the incident to import into (default: the most recent one)" },
  },
  async run({ values, positionals }, ctx) {
    const filePath = path.resolve(positionals[0] ?? "");
    if (!existsSync(filePath) || !statSync(filePath).isFile()) throw new UsageError(`No such file: ${filePath}`);
    const dryRun = values["dry-run"];
    const db = await ctx.database();
    const report = await importFile(db, { filePath, incidentSlug: values.incident, dryRun, actor: ctx.principal.actor }, (job) =>
      ctx.progress(`${dryRun ? "Dry run of" : "Importing"} ${filePath} (job ${job.id})...`),
    );
    const ok = report.rowsRejected === 0 && report.status !== "failed";
    return { data: report, lines: reportLines(report), exitCode: ok ? 0 : 1 };
  },
});

export function reportLines(report: ImportReport): string[] {
  const n = (v: number) => v.toLocaleString("en-US");
  const lines = [`Rows read: ${n(report.rowsRead)}, rejected: ${n(report.rowsRejected)}, applied: ${n(report.rowsApplied)}. Status: ${report.status}.`];
  for (const e of report.errors) lines.push(`  line ${e.line}${e.field ? `, ${e.field}` : ""}: ${e.reason}`);
  if (report.errors.length < report.rowsRejected) lines.push(`  (first ${report.errors.length} errors shown)`);
  for (const w of report.warnings) lines.push(`  warning, line ${w.line}${w.field ? `, ${w.field}` : ""}: ${w.reason}`);
  if (report.warnings.length < report.rowsWarned) lines.push(`  (first ${report.warnings.length} of ${n(report.rowsWarned)} warnings shown)`);
  if (report.summary) {
    const s = report.summary;
    lines.push(
      `Accounts created ${n(s.accountsCreated)}, updated ${n(s.accountsUpdated)}; impacts created ${n(s.impactsCreated)}; states changed ${n(s.statesChanged)}; restore events ${n(s.events)}; restore emails queued ${n(s.emailsQueued)}.`,
    );
  }
  if (report.status === "failed" || report.rowsRejected > 0) lines.push(report.dryRun ? "Fix the rows above, then import again." : "Nothing was applied.");
  else if (report.dryRun) lines.push("The file is valid. Run again without --dry-run to apply it.");
  return lines;
}
