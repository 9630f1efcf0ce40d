"use server";

import { z } from "zod";
import { prisma } from "@/lib/db";
import { defineAction } from "@/lib/http/define-action";
import { resendEmail } from "@/lib/mail/resend-email";

/** Staff sends a parked, failed or sent email again (audited in lib/mail/resend-email.ts). */
export const resendEmailAction = defineAction(
  "mail:write",
  z.object({ id: z.coerce.number({ error: "Which email? The id is missing." }).int().positive() }),
  async (input, { principal }) => resendEmail(await prisma(), principal.actor, Number(input.id)),
  { success: "Queued: it is sent again as it was, and the resend is audited.", revalidate: (_r, input) => ["/admin/mail", `/admin/mail/${String(input.id)}`] },
);
