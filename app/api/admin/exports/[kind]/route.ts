import { Readable } from "node:stream";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { database } from "@/lib/db";
import { exportKindSchema } from "@/lib/exports/export-queries";
import { streamExport } from "@/lib/exports/stream-export";
import { defineRoute } from "@/lib/http/define-route";

/** The console's download of an export: the same streamed CSV as `npm run cli -- export`. Audited (it carries personal data). */
export const GET = defineRoute({
  who: { staff: "exports:read" },
  params: z.object({ kind: exportKindSchema }),
  query: z.object({ incident: z.string().trim().min(1).max(200) }),
  handle: async ({ params, query, caller }) => {
    const db = await database();
    const { fileName, stream } = await streamExport(db, params.kind, query.incident);
    try {
      await recordAudit(db.prisma, caller.actor, { action: "export.download", targetType: "incident", targetId: query.incident, after: { kind: params.kind } });
    } catch (error) {
      stream.destroy(); // gives the connection back
      throw error;
    }
    return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
        "Cache-Control": "no-store",
      },
    });
  },
});
