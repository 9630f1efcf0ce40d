import { getIncidentReport } from "../../../lib/incidents/get-incident-report";
import { defineCommand } from "../command";

const states = ["pending", "restoring", "restored", "partial", "unrecoverable", "notAffected"] as const;

export default defineCommand({
  name: "status",
  summary: "Show an incident's recovery: accounts per category and state, and the mail queue",
  options: {
    incident: { type: "string", value: "S", required: true, description: "the incident's slug" },
  },
  async run({ values }, ctx) {
    const db = await ctx.database();
    const report = await getIncidentReport(db.prisma, values.incident);
    const n = (v: number) => v.toLocaleString("en-US");
    const header = ["category", "affected", ...states.map((s) => (s === "notAffected" ? "not_affected" : s)), "restored %"];
    const rows = report.categories.map((c) => [c.key, n(c.affected), ...states.map((s) => n(c[s])), `${c.percentRestored.toFixed(1)}`]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
    const i = report.incident;
    const m = report.mail;
    return {
      data: report,
      lines: [
        `${i.slug}: ${i.title} (${i.status}, impact ${i.impact}${i.published ? "" : ", draft"})`,
        "",
        line(header),
        ...rows.map(line),
        "",
        `Mail outbox (all incidents): ${n(m.depth)} waiting (queued ${n(m.queued)}, sending ${n(m.sending)}, failed ${n(m.failed)}); sent ${n(m.sent)}; parked ${n(m.parked)}.`,
      ],
    };
  },
});
