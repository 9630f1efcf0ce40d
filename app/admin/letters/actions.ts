"use server";

import { revalidatePath } from "next/cache";
import { revalidatePublicPages } from "@/lib/public/revalidate";
import { redirect } from "next/navigation";
import { requireStaff, requireStaffPrincipal } from "@/lib/auth/require-staff";
import { prisma } from "@/lib/db";
import { createLetter } from "@/lib/letters/create-letter";
import { letterPublicPath } from "@/lib/letters/letter-schemas";
import { previewLetterForAccount } from "@/lib/letters/preview-letter-for-account";
import { publishLetter } from "@/lib/letters/publish-letter";
import { saveLetter } from "@/lib/letters/save-letter";
import { formObject, runAction, type ActionState } from "@/lib/staff/action-state";

export async function createLetterAction(_state: ActionState, form: FormData): Promise<ActionState> {
  let createdId: string | null = null;
  const state = await runAction("Draft created.", async () => {
    const { principal } = await requireStaffPrincipal("letters:write");
    const created = await createLetter(await prisma(), principal, formObject(form) as never);
    createdId = created.id;
    return created;
  });
  if (createdId) redirect(`/admin/letters/${createdId}`);
  return state;
}

export async function saveLetterAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction("Draft saved. The public still reads the last published revision.", async () => {
    const { principal } = await requireStaffPrincipal("letters:write");
    const saved = await saveLetter(await prisma(), principal, formObject(form) as never);
    revalidatePath(`/admin/letters/${saved.id}`);
    return saved;
  });
}

export async function publishLetterAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction("Published.", async () => {
    const { principal } = await requireStaffPrincipal("letters:write");
    const published = await publishLetter(await prisma(), principal, formObject(form) as never);
    revalidatePublicPages();
    revalidatePath("/");
    revalidatePath(letterPublicPath(published.slug));
    revalidatePath("/admin/letters", "layout");
    return published;
  });
}

/** Read only: the emailed version merged for one account. */
export async function previewLetterForAccountAction(_state: ActionState, form: FormData): Promise<ActionState> {
  return runAction("Preview", async () => {
    await requireStaff("accounts:read");
    return previewLetterForAccount(await prisma(), formObject(form) as never);
  });
}
