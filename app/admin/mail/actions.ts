"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireStaff, staffAuditActor } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { resendEmail } from "@/lib/mail/resend-email";

const resendSchema = z.object({ id: z.coerce.number().int().positive() });

/** Staff sends a parked, failed or sent email again (audited in lib/mail/resend-email.ts). */
export async function resendEmailAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("mail:write");
  const parsed = resendSchema.safeParse({ id: formData.get("id") });
  if (!parsed.success) throw new AppError("VALIDATION", "Which email? The id is missing.");
  const db = await prisma();
  const actor = await staffAuditActor(staff);
  let message = "queued";
  try {
    await db.$transaction((tx) => resendEmail(tx, actor, parsed.data.id));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    message = error.message;
  }
  revalidatePath("/admin/mail");
  redirect(`/admin/mail/${parsed.data.id}?resend=${encodeURIComponent(message)}`);
}
