"use server";

import { headers } from "next/headers";
import { requireSignedInStaff } from "@/lib/auth/require-staff";
import { confirmSecondFactorEnrolment, startSecondFactorEnrolment } from "@/lib/auth/second-factor";
import { prisma } from "@/lib/db";
import { clientIp } from "@/lib/http/client-ip";
import { defineAction } from "@/lib/http/define-action";
import { confirmTwoFactorSchema, startTwoFactorSchema } from "@/lib/staff/staff-schemas";

/**
 * Enrolment is the one thing a member who must set up a second factor may do, so these
 * actions check the session only (requireSignedInStaff), not a permission: requireStaff
 * would send them back here. better-auth checks the password and the code.
 */
export const startTwoFactorAction = defineAction(
  "public",
  startTwoFactorSchema,
  async (input) => {
    await requireSignedInStaff();
    return startSecondFactorEnrolment(await headers(), input.password);
  },
  { success: "Add this account to your authenticator app, keep the backup codes, then enter the app's current code." },
);

export const confirmTwoFactorAction = defineAction(
  "public",
  confirmTwoFactorSchema,
  async (input) => {
    const staff = await requireSignedInStaff();
    const requestHeaders = await headers();
    await confirmSecondFactorEnrolment(await prisma(), requestHeaders, { id: staff.id, email: staff.email, ip: clientIp(requestHeaders) }, input.code);
  },
  { success: "Two-factor sign-in is on.", redirect: () => "/admin" },
);
