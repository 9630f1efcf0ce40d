"use server";

import { prisma } from "@/lib/db";
import { defineAction } from "@/lib/http/define-action";
import { endStaffSession } from "@/lib/staff/staff-sessions";
import { endSessionSchema } from "@/lib/staff/staff-schemas";

/** Ending one's own session needs only a session; someone else's needs staff:manage (checked by the use case). */
export const endSessionAction = defineAction("console:read", endSessionSchema, async (input, { principal }) => endStaffSession(await prisma(), principal, input.sessionId), {
  success: (ended) => `Session of ${ended.email} ended.`,
  revalidate: () => ["/admin/sessions"],
});
