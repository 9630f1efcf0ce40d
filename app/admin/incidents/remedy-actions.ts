"use server";

import { prisma } from "@/lib/db";
import { defineAction } from "@/lib/http/define-action";
import { saveRemedyRule, saveRemedyRuleSchema } from "@/lib/remedies/save-remedy-rule";
import { saveRemedyTranslation, saveRemedyTranslationSchema } from "@/lib/remedies/save-remedy-translation";

export const saveRemedyRuleAction = defineAction(
  "incidents:write",
  saveRemedyRuleSchema,
  async (input, { principal }) => saveRemedyRule(await prisma(), principal, input),
  { success: "Saved. The count below is from the records now.", revalidate: (_r, input) => [`/admin/incidents/${String(input.incidentId)}/remedies`] },
);

/** A remedy's name and offer in one more language (both blank: removed). */
export const saveRemedyTranslationAction = defineAction(
  "incidents:write",
  saveRemedyTranslationSchema,
  async (input, { principal }) => saveRemedyTranslation(await prisma(), principal, input),
  {
    success: (saved) => (saved.removed ? `Removed: readers in ${saved.locale} read the default language's remedy.` : "Saved."),
    revalidate: (_r, input) => [`/admin/incidents/${String(input.incidentId)}/remedies`],
  },
);
