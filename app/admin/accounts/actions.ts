"use server";

import { bulkChangeSchema, bulkChangeState } from "@/lib/accounts/bulk-change-state";
import { confirmStateChangeFileSchema } from "@/lib/accounts/confirm-state-change-file";
import { confirmStateChangeFile } from "@/lib/accounts/state-change-file-job";
import { changeImpactState, changeImpactStateSchema } from "@/lib/accounts/change-impact-state";
import { database, prisma } from "@/lib/db";
import { defineAction } from "@/lib/http/define-action";

export const changeImpactStateAction = defineAction(
  "accounts:write",
  changeImpactStateSchema,
  async (input, { principal }) => changeImpactState(await prisma(), input, principal.actor),
  {
    success: (result) =>
      result.outcome === "applied" ? "Saved. The change is in the history below." : "Nothing to change: the category already had that state and counts.",
    revalidate: (_result, input) => [`/admin/accounts/${String(input.accountId)}`],
  },
);

export const bulkChangeStateAction = defineAction(
  "accounts:write",
  bulkChangeSchema,
  async (input, { principal }) => bulkChangeState(await prisma(), input, principal.actor),
  {
    success: (result) => `Changed ${result.applied} accounts.`,
    redirect: (result, input) =>
      `/admin/accounts/bulk?${new URLSearchParams({ categoryKey: String(input.categoryKey), fromState: String(input.fromState), toState: String(input.toState), done: String(result.applied) })}`,
  },
);

/** Step 2 of a change by CSV file (step 1 is the upload route, which checks the file). */
export const confirmStateChangeFileAction = defineAction(
  "accounts:write",
  confirmStateChangeFileSchema,
  async (input, { principal }) => confirmStateChangeFile(await database(), input, principal.actor),
  {
    success: (result) => `Applied ${result.applied} changes from ${result.fileName}.`,
    redirect: (result) =>
      `/admin/accounts/bulk?${new URLSearchParams({ fileDone: String(result.applied), fileName: result.fileName, fileEmails: String(result.emailsQueued) })}#by-file`,
  },
);
