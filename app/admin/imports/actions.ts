"use server";

import { redirect } from "next/navigation";
import { requireStaff, staffAuditActor } from "@/lib/auth/require-staff";
import { AppError } from "@/lib/errors";
import { commitImportJob } from "@/lib/imports/start-import-job";

export async function commitImportAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("imports:write");
  const jobId = String(formData.get("jobId") ?? "");
  let query = "";
  try {
    await commitImportJob(jobId, await staffAuditActor(staff));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    query = `?error=${encodeURIComponent(error.message)}`;
  }
  redirect(`/admin/imports/${encodeURIComponent(jobId)}${query}`);
}
