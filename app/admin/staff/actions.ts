"use server";

import { z } from "zod";
import { prisma } from "@/lib/db";
import { defineAction } from "@/lib/http/define-action";
import { inviteStaff } from "@/lib/staff/invite-staff";
import { changeStaffRole, reissueInvite, setStaffDisabled } from "@/lib/staff/manage-staff";
import { resetSecondFactor } from "@/lib/auth/second-factor";
import { changeRoleSchema, inviteStaffSchema, resetTwoFactorSchema } from "@/lib/staff/staff-schemas";

const staffPage = () => ["/admin/staff"];

export const inviteStaffAction = defineAction(
  "staff:manage",
  inviteStaffSchema,
  // The console never sets a password for someone else: the invite link is how they choose one.
  async ({ email, name, role }, { principal }) => inviteStaff(await prisma(), principal, { email, name, role }),
  { success: "Invited. Give them the link below, or let the invite email reach them.", revalidate: staffPage },
);

export const changeStaffRoleAction = defineAction("staff:manage", changeRoleSchema, async (input, { principal }) => changeStaffRole(await prisma(), principal, input), {
  success: "Role changed.",
  revalidate: staffPage,
});

export const setStaffDisabledAction = defineAction(
  "staff:manage",
  z.object({ userId: z.string().min(1), disabled: z.enum(["true", "false"]) }),
  async (input, { principal }) => setStaffDisabled(await prisma(), principal, { userId: input.userId, disabled: input.disabled === "true" }),
  { success: (_result, input) => (input.disabled === "true" ? "Disabled: their sessions were ended." : "Enabled."), revalidate: staffPage },
);

export const reissueInviteAction = defineAction(
  "staff:manage",
  z.object({ userId: z.string().min(1) }),
  async (input, { principal }) => reissueInvite(await prisma(), principal, input.userId),
  { success: "New invite link created; older links no longer work." },
);

export const resetTwoFactorAction = defineAction(
  "staff:manage",
  resetTwoFactorSchema,
  async (input, { principal }) => resetSecondFactor(await prisma(), principal, input.userId),
  { success: "Second factor reset: they were signed out and set up a new one at their next sign-in.", revalidate: staffPage },
);
