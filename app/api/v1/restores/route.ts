import { database } from "@/lib/db";
import { defineRoute } from "@/lib/http/define-route";
import { applyRestoreBatch, parseRestoreBatch, restoreBatchResultSchema, restoreBatchSchema } from "@/lib/restores/apply-restore-batch";

export const dynamic = "force-dynamic";

/** POST /api/v1/restores: the recovery pipeline reports restore progress (docs/readme/mail.md). */
export const POST = defineRoute({
  who: { apiKey: "restores:write" },
  // 10,000 items of ~200 bytes each, with room to spare; parseRestoreBatch names the item at fault.
  body: { json: restoreBatchSchema, maxBytes: 8 * 1024 * 1024, parse: parseRestoreBatch },
  response: restoreBatchResultSchema,
  docs: { summary: "Report restore progress for a batch of accounts", tags: ["pipeline"] },
  handle: async ({ caller, body }) => applyRestoreBatch(await database(), caller.actor, body),
});
