import type { DbClient } from "../db";
import { AppError } from "../errors";
import { formatDateTime, formatInteger } from "../format";
import { getRegulatorReport, type RegulatorReport } from "../incidents/get-regulator-report";
import { escapeMarkdown } from "./merge-fields";

/**
 * The post-incident report: a letter of kind post_incident_report, written, published and
 * corrected like any letter (revisions, correction notes, translations), with the
 * sections readers of such reports expect. Two of them are not typed by staff: at each
 * publication `{{impact}}` and `{{timeline}}` are replaced with the figures and the dated
 * updates from the records at that moment (the same computation as the regulator
 * summary, lib/incidents/get-regulator-report.ts), and the revision keeps them as they
 * were. A correction recomputes them.
 */
export const postIncidentReportSections = ["Summary", "Impact in figures", "Timeline", "Root cause", "What changes"] as const;

export const postIncidentReportTemplate = `## Summary

What happened, to whom, and what we did, in two or three sentences.

## Impact in figures

{{impact}}

## Timeline

{{timeline}}

## Root cause

Why it happened: the technical cause and the conditions that let it reach customers.

## What changes

What we are changing so that it does not happen again, and by when.
`;

/** Refuses a report that lacks a required section (a "## <name>" heading), naming it. */
export function checkPostIncidentReportSections(body: string): void {
  const headings = new Set([...body.matchAll(/^#{1,3}\s+(.+?)\s*#*\s*$/gm)].map((m) => m[1]!.trim().toLowerCase()));
  const missing = postIncidentReportSections.filter((s) => !headings.has(s.toLowerCase()));
  if (missing.length > 0) {
    throw new AppError("VALIDATION", `A post-incident report needs the section${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"## ${m}"`).join(", ")}.`, {
      field: "body",
    });
  }
}

export function impactMarkdown(report: RegulatorReport): string {
  const t = report.totals;
  const n = report.clocks.notice;
  const lines = [
    "_Figures from our records when this revision was published._",
    "",
    `- People affected: **${formatInteger(t.people)}** accounts.`,
    `- Items concerned: about **${formatInteger(t.records)}**; **${formatInteger(t.lostRecords)}** could not be recovered.`,
    `- Lost data permanently: **${formatInteger(t.peopleWithLoss)}** accounts (${formatInteger(t.unrecoverable)} kinds of data unrecoverable, ${formatInteger(t.partial)} partly restored).`,
    ...report.categories.map(
      (c) =>
        `- ${escapeMarkdown(c.label)}: ${formatInteger(c.people)} accounts affected; ${formatInteger(c.restored)} restored, ${formatInteger(c.partial)} partly, ${formatInteger(c.unrecoverable)} unrecoverable, ${formatInteger(c.pending + c.restoring)} still in progress.`,
    ),
    `- Told directly: ${formatInteger(n.notified)} of ${formatInteger(n.accounts)} affected accounts${
      n.medianHours !== null ? `; from entering our records to the first notice, median ${n.medianHours} h, worst ${n.worstHours} h` : ""
    }.`,
  ];
  return lines.join("\n");
}

export function timelineMarkdown(report: RegulatorReport): string {
  const i = report.incident;
  const entries: [string, string][] = [[i.startedAt, "The incident started."]];
  if (i.awareAt) entries.push([i.awareAt, "We became aware of it."]);
  if (i.publishedAt) entries.push([i.publishedAt, "We published it on the status page."]);
  for (const m of report.measures) {
    const first = m.body.split(/\n\s*\n/)[0]!.replace(/\s+/g, " ").trim();
    entries.push([m.publishedAt, `Update (${m.status}): ${first}`]);
  }
  if (i.resolvedAt) entries.push([i.resolvedAt, "The incident was resolved."]);
  entries.sort((a, b) => a[0].localeCompare(b[0]));
  return entries.map(([at, text]) => `- **${formatDateTime(at)}** ${text}`).join("\n");
}

/** The body as it is published: the required sections checked, {{impact}} and {{timeline}} from the records now. */
export async function fillPostIncidentReport(db: DbClient, incidentId: string, body: string, now: Date = new Date()): Promise<string> {
  checkPostIncidentReportSections(body);
  if (!/\{\{\s*(impact|timeline)\s*\}\}/.test(body)) return body;
  const report = await getRegulatorReport(db, incidentId, now);
  return body.replace(/\{\{\s*(impact|timeline)\s*\}\}/g, (_m, field: string) => (field === "impact" ? impactMarkdown(report) : timelineMarkdown(report)));
}
