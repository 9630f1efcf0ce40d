"use server";

import { prisma } from "@/lib/db";
import { defineAction } from "@/lib/http/define-action";
import { saveRemedyRule, saveRemedyRuleSchema } from "@/lib/remedies/save-remedy-rule";

export const saveRemedyRuleAction = defineAction(
  "incidents:write",
  saveRemedyRuleSchema,
  async (input, { principal }) => saveRemedyRule(await prisma(), principal, input),
  { success: "Saved. The count below is from the records now.", revalidate: (_r, input) => [`/admin/incidents/${String(input.incidentId)}/remedies`] },
);
