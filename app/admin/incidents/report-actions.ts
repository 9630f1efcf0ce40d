"use server";

import { prisma } from "@/lib/db";
import { defineAction } from "@/lib/http/define-action";
import { issueRegulatorReport, issueRegulatorReportSchema } from "@/lib/incidents/issue-regulator-report";
import { setIncidentAwareness, setIncidentAwarenessSchema } from "@/lib/incidents/set-incident-awareness";

export const setIncidentAwarenessAction = defineAction(
  "reports:issue",
  setIncidentAwarenessSchema,
  async (input, { principal }) => setIncidentAwareness(await prisma(), principal, input),
  { success: "Saved.", revalidate: (_r, input) => [`/admin/incidents/${String(input.incidentId)}/report`] },
);

export const issueRegulatorReportAction = defineAction(
  "reports:issue",
  issueRegulatorReportSchema,
  async (input, { principal }) => issueRegulatorReport(await prisma(), principal, input),
  {
    success: (r) => `Version ${r.version} issued.`,
    revalidate: (_r, input) => [`/admin/incidents/${String(input.incidentId)}/report`],
  },
);
