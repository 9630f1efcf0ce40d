"use server";

import { revalidatePath } from "next/cache";
import { requireStaffPrincipal } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { formObject, runAction, type ActionState } from "@/lib/staff/action-state";
import { inviteStaff } from "@/lib/staff/invite-staff";
import { changeStaffRole, reissueInvite, setStaffDisabled } from "@/lib/staff/manage-staff";
import { staffRoleSchema } from "@/lib/staff/staff-schemas";

export async function inviteStaffAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction("Invited. Give them the link below, or let the invite email reach them.", async () => {
    const { principal } = await requireStaffPrincipal("staff:manage");
    const { password: _ignored, ...fields } = formObject(form);
    const created = await inviteStaff(await prisma(), principal, fields as never);
    revalidatePath("/admin/staff");
    return created;
  });
}

export async function changeStaffRoleAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction("Role changed.", async () => {
    const { principal } = await requireStaffPrincipal("staff:manage");
    await changeStaffRole(await prisma(), principal, { userId: String(form.get("userId") ?? ""), role: staffRoleSchema.parse(form.get("role")) });
    revalidatePath("/admin/staff");
  });
}

export async function setStaffDisabledAction(_state: ActionState, form: FormData): Promise<ActionState> {
  const disabled = form.get("disabled") === "true";
  return runAction(disabled ? "Disabled: their sessions were ended." : "Enabled.", async () => {
    const { principal } = await requireStaffPrincipal("staff:manage");
    const result = await setStaffDisabled(await prisma(), principal, { userId: String(form.get("userId") ?? ""), disabled });
    revalidatePath("/admin/staff");
    return result;
  });
}

export async function reissueInviteAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction("New invite link created; older links no longer work.", async () => {
    const { principal } = await requireStaffPrincipal("staff:manage");
    return reissueInvite(await prisma(), principal, String(form.get("userId") ?? ""));
  });
}
