"use server";

import { headers } from "next/headers";
import { prisma } from "@/lib/db";
import { clientIp } from "@/lib/http/client-ip";
import { defineAction } from "@/lib/http/define-action";
import { createFirstAdmin } from "@/lib/staff/create-first-admin";
import { createFirstAdminSchema } from "@/lib/staff/staff-schemas";

/**
 * Without a session, like the invite: the one-time setup token in the form is the
 * credential (hash only stored; single use; expiring; void once any staff exists),
 * checked by the use case.
 */
export const createFirstAdminAction = defineAction(
  "public",
  createFirstAdminSchema,
  async (input) => createFirstAdmin(await prisma(), input, clientIp(await headers())),
  { success: "Admin created.", redirect: () => "/admin/sign-in?welcome=1" },
);
