"use server";

import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import { commitImportJob } from "@/lib/imports/start-import-job";

export const commitImportAction = defineAction(
  "imports:write",
  z.object({ jobId: z.uuid("Which import? The id is missing.") }),
  async (input, { principal }) => commitImportJob(input.jobId, principal.actor),
  { success: "Committing.", redirect: (_result, input) => `/admin/imports/${encodeURIComponent(input.jobId)}` },
);
