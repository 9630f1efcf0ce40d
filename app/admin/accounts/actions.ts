"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { bulkChangeState } from "@/lib/accounts/bulk-change-state";
import { confirmStateChangeFile } from "@/lib/accounts/bulk-change-state-csv";
import { changeImpactState } from "@/lib/accounts/change-impact-state";
import { requireStaff, staffAuditActor } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** The one place these forms turn an error into a message for the person (no JS needed). */
function messageOf(error: unknown): string {
  if (error instanceof z.ZodError) return error.issues.map((i) => i.message).join(" ");
  if (error instanceof AppError) return error.message;
  throw error;
}

export async function changeImpactStateAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("accounts:write");
  const accountId = Number(formData.get("accountId"));
  let query: string;
  try {
    const result = await changeImpactState(
      await prisma(),
      {
        accountId: formData.get("accountId") as string,
        categoryId: formData.get("categoryId") as string,
        toState: formData.get("toState") as never,
        itemsRestored: (formData.get("itemsRestored") as string | null) ?? undefined,
        itemsTotal: (formData.get("itemsTotal") as string | null) ?? undefined,
        note: (formData.get("note") as string | null) ?? "",
      },
      await staffAuditActor(staff),
    );
    query = `changed=${result.outcome}`;
  } catch (error) {
    query = `error=${encodeURIComponent(messageOf(error))}`;
  }
  revalidatePath(`/admin/accounts/${accountId}`);
  redirect(`/admin/accounts/${Number.isInteger(accountId) ? accountId : ""}?${query}`);
}

export async function bulkChangeStateAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("accounts:write");
  const input = {
    incidentId: (formData.get("incidentId") as string | null) || undefined,
    categoryKey: String(formData.get("categoryKey") ?? ""),
    fromState: formData.get("fromState") as never,
    toState: formData.get("toState") as never,
    note: String(formData.get("note") ?? ""),
    expectedCount: String(formData.get("expectedCount") ?? ""),
  };
  const back = new URLSearchParams({ categoryKey: input.categoryKey, fromState: String(input.fromState), toState: String(input.toState) });
  try {
    const result = await bulkChangeState(await prisma(), input, await staffAuditActor(staff));
    back.set("done", String(result.applied));
  } catch (error) {
    back.set("error", messageOf(error));
  }
  redirect(`/admin/accounts/bulk?${back}`);
}

/** Step 2 of a change by CSV file (step 1 is the upload route, which checks the file). */
export async function confirmStateChangeFileAction(formData: FormData): Promise<void> {
  const staff = await requireStaff("accounts:write");
  const uploadId = String(formData.get("uploadId") ?? "");
  const back = new URLSearchParams();
  try {
    const result = await confirmStateChangeFile(
      await prisma(),
      {
        uploadId,
        expectedChanges: String(formData.get("expectedChanges") ?? ""),
        expectedDigest: String(formData.get("expectedDigest") ?? "") || undefined,
        note: String(formData.get("note") ?? ""),
      },
      await staffAuditActor(staff),
    );
    back.set("fileDone", String(result.applied));
    back.set("fileName", result.fileName);
    back.set("fileEmails", String(result.emailsQueued));
  } catch (error) {
    back.set("file", uploadId);
    back.set("fileError", messageOf(error));
  }
  redirect(`/admin/accounts/bulk?${back}#by-file`);
}
