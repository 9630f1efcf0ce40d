"use server";

import { prisma } from "@/lib/db";
import { defineAction } from "@/lib/http/define-action";
import { acceptInvite } from "@/lib/staff/accept-invite";
import { acceptInviteSchema } from "@/lib/staff/staff-schemas";

/**
 * The one staff action without a session: the one-time invite token in the form is the
 * credential (only its hash is stored; it works once and expires), checked by the use case.
 */
export const acceptInviteAction = defineAction("public", acceptInviteSchema, async (input) => acceptInvite(await prisma(), input), {
  success: "Password set.",
  redirect: () => "/admin/sign-in?welcome=1",
});
