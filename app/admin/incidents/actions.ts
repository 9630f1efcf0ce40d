"use server";

import { z } from "zod";
import { prisma } from "@/lib/db";
import { defineAction, type Revalidation } from "@/lib/http/define-action";
import { createIncident } from "@/lib/incidents/create-incident";
import {
  categoryLabelsSchema,
  createIncidentSchema,
  incidentPublicPath,
  incidentTranslationSchema,
  postIncidentUpdateSchema,
  updateIncidentSchema,
  updateTranslationSchema,
} from "@/lib/incidents/incident-schemas";
import { postIncidentUpdate } from "@/lib/incidents/post-incident-update";
import { publishIncident } from "@/lib/incidents/publish-incident";
import { saveCategoryLabels } from "@/lib/incidents/save-category-labels";
import { saveIncidentTranslation } from "@/lib/incidents/save-incident-translation";
import { saveUpdateTranslation } from "@/lib/incidents/save-update-translation";
import { updateIncident } from "@/lib/incidents/update-incident";

/** What a change to an incident makes stale: the public pages and the console. */
const incidentPages = ({ slug }: { slug: string }): Revalidation[] => ["public", "/", incidentPublicPath(slug), { path: "/admin", type: "layout" }];

export const createIncidentAction = defineAction("incidents:write", createIncidentSchema, async (input, { principal }) => createIncident(await prisma(), principal, input), {
  success: "Draft created.",
  redirect: (created) => `/admin/incidents/${created.id}`,
});

export const updateIncidentAction = defineAction("incidents:write", updateIncidentSchema, async (input, { principal }) => updateIncident(await prisma(), principal, input), {
  success: "Saved.",
  revalidate: incidentPages,
});

export const publishIncidentAction = defineAction(
  "incidents:write",
  z.object({ id: z.uuid() }),
  async (input, { principal }) => publishIncident(await prisma(), principal, input.id),
  { success: "Published: the incident is on the status page.", revalidate: incidentPages },
);

export const postIncidentUpdateAction = defineAction(
  "incidents:write",
  postIncidentUpdateSchema,
  async (input, { principal }) => postIncidentUpdate(await prisma(), principal, input),
  { success: "Update posted.", revalidate: incidentPages },
);

/** The incident's texts in one more language (docs/decisions/043). */
export const saveIncidentTranslationAction = defineAction(
  "incidents:write",
  incidentTranslationSchema,
  async (input, { principal }) => saveIncidentTranslation(await prisma(), principal, input),
  { success: (saved) => (saved.created ? `Saved: readers in ${saved.locale} now read this text.` : "Saved."), revalidate: incidentPages },
);

/** The kinds of data's labels in one more language. */
export const saveCategoryLabelsAction = defineAction(
  "incidents:write",
  categoryLabelsSchema,
  async (input, { principal }) => saveCategoryLabels(await prisma(), principal, input),
  { success: (saved) => `Saved: ${saved.saved} label(s) written, ${saved.removed} removed.`, revalidate: incidentPages },
);

/** One update's body in one more language. */
export const saveUpdateTranslationAction = defineAction(
  "incidents:write",
  updateTranslationSchema,
  async (input, { principal }) => saveUpdateTranslation(await prisma(), principal, input),
  { success: "Saved.", revalidate: incidentPages },
);
