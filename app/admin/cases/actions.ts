"use server";

import { addCaseNote } from "@/lib/cases/add-case-note";
import { assignCase } from "@/lib/cases/assign-case";
import { caseAssignSchema, caseNoteSchema, caseReplySchema, caseStateChangeSchema } from "@/lib/cases/case-schemas";
import { replyToCase } from "@/lib/cases/reply-to-case";
import { restoreReportedCategory, restoreReportedSchema } from "@/lib/cases/restore-reported-category";
import { setCaseState } from "@/lib/cases/set-case-state";
import { prisma } from "@/lib/db";
import { defineAction } from "@/lib/http/define-action";

const casePage = (input: { caseId?: unknown }) => [`/admin/cases/${String(input.caseId)}`, "/admin/cases"];

export const replyToCaseAction = defineAction(
  "cases:write",
  caseReplySchema,
  async (input, { principal }) => replyToCase(await prisma(), principal, input),
  { success: "Reply sent: it is on the customer's page and queued as an email.", revalidate: (_r, input) => casePage(input) },
);

export const addCaseNoteAction = defineAction(
  "cases:write",
  caseNoteSchema,
  async (input, { principal }) => addCaseNote(await prisma(), principal, input),
  { success: "Note saved (staff only).", revalidate: (_r, input) => casePage(input) },
);

export const setCaseStateAction = defineAction(
  "cases:write",
  caseStateChangeSchema,
  async (input, { principal }) => setCaseState(await prisma(), principal, input),
  { success: (r) => (r.changed ? "State changed." : "The case already had that state."), revalidate: (_r, input) => casePage(input) },
);

export const assignCaseAction = defineAction(
  "cases:write",
  caseAssignSchema,
  async (input, { principal }) => assignCase(await prisma(), principal, input),
  { success: (r) => (r.assigneeId ? "Assigned." : "Unassigned."), revalidate: (_r, input) => casePage(input) },
);

export const restoreReportedCategoryAction = defineAction(
  "cases:write",
  restoreReportedSchema,
  async (input, { principal }) => restoreReportedCategory(await prisma(), principal, input),
  {
    success: (r) => `Moved ${r.applied} accounts back to restoring; ${r.casesNoted} cases noted.`,
    redirect: (r, input) => `/admin/cases/dashboard?${new URLSearchParams({ incidentId: String(input.incidentId), done: String(r.applied), category: r.category.label })}`,
  },
);
