"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireStaffPrincipal } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { createIncident } from "@/lib/incidents/create-incident";
import { incidentPublicPath } from "@/lib/incidents/incident-schemas";
import { postIncidentUpdate } from "@/lib/incidents/post-incident-update";
import { publishIncident } from "@/lib/incidents/publish-incident";
import { updateIncident } from "@/lib/incidents/update-incident";
import { revalidatePublicPages } from "@/lib/public/revalidate";
import { formObject, runAction, type ActionState } from "@/lib/staff/action-state";

/** Thin entry points: requireStaff -> use case (parses with zod) -> revalidate -> state. */

function revalidateIncident(slug: string): void {
  revalidatePublicPages();
  revalidatePath("/");
  revalidatePath(incidentPublicPath(slug));
  revalidatePath("/admin", "layout");
}

export async function createIncidentAction(_state: ActionState, form: FormData): Promise<ActionState> {
  let createdId: string | null = null;
  const state = await runAction("Draft created.", async () => {
    const { principal } = await requireStaffPrincipal("incidents:write");
    const created = await createIncident(await prisma(), principal, formObject(form) as never);
    createdId = created.id;
    return created;
  });
  if (createdId) redirect(`/admin/incidents/${createdId}`);
  return state;
}

export async function updateIncidentAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction("Saved.", async () => {
    const { principal } = await requireStaffPrincipal("incidents:write");
    const saved = await updateIncident(await prisma(), principal, formObject(form) as never);
    revalidateIncident(saved.slug);
    return saved;
  });
}

export async function publishIncidentAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction("Published: the incident is on the status page.", async () => {
    const { principal } = await requireStaffPrincipal("incidents:write");
    const published = await publishIncident(await prisma(), principal, String(form.get("id") ?? ""));
    revalidateIncident(published.slug);
    return published;
  });
}

export async function postIncidentUpdateAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction("Update posted.", async () => {
    const { principal } = await requireStaffPrincipal("incidents:write");
    const posted = await postIncidentUpdate(await prisma(), principal, formObject(form) as never);
    revalidateIncident(posted.slug);
    return posted;
  });
}
