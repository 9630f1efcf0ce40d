import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { exportKinds, exportKindSchema } from "../../../lib/exports/export-queries";
import { streamExport } from "../../../lib/exports/stream-export";
import { defineCommand, UsageError } from "../command";

export default defineCommand({
  name: "export",
  summary: `Export an incident's ${exportKinds.join(", ")} as CSV (standard output, or --out FILE)`,
  args: exportKinds.join("|"),
  positionals: { min: 1, max: 1 },
  description:
    "accounts: one row per account with each category's state and counts. evidence: one row per email queued for the incident's accounts " +
    "(proof of notice: language, template version, queued/sent, provider id, attempts, status, the private link first/last opened). " +
    "cases: the support cases. Streamed in bounded memory; cells starting with = + - @, a tab or CR are escaped with a leading apostrophe.",
  options: {
    incident: { type: "string", value: "SLUG", required: true, description: "the incident's slug" },
    out: { type: "string", value: "FILE", description: "write the CSV here instead of standard output" },
  },
  async run({ values, positionals }, ctx) {
    const kind = exportKindSchema.safeParse(positionals[0]);
    if (!kind.success) throw new UsageError(`export takes one of ${exportKinds.join(", ")} (got "${positionals[0]}").`);
    if (ctx.json && !values.out) throw new UsageError("--json needs --out FILE: the CSV itself goes to standard output.", "--json");
    const db = await ctx.database();
    const { stream, rowCount } = await streamExport(db, kind.data, values.incident);
    let bytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    if (values.out) await pipeline(stream, count, createWriteStream(values.out));
    else await pipeline(stream, count, ctx.output, { end: false });
    const data = { kind: kind.data, incident: values.incident, rows: rowCount(), bytes, file: values.out ?? null };
    return { data, lines: values.out ? [`Wrote ${data.rows.toLocaleString("en-US")} rows (${bytes.toLocaleString("en-US")} bytes) to ${values.out}.`] : [] };
  },
});
