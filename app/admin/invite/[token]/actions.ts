"use server";

import { redirect } from "next/navigation";
import { prisma } from "@/lib/db";
import { formObject, runAction, type ActionState } from "@/lib/staff/action-state";
import { acceptInvite } from "@/lib/staff/accept-invite";

/**
 * The one staff action without a session: the one-time invite token is the credential
 * (only its hash is stored; it works once and expires).
 */
export async function acceptInviteAction(_state: ActionState, form: FormData): Promise<ActionState> {
  let done = false;
  const state = await runAction("Password set.", async () => {
    await acceptInvite(await prisma(), formObject(form) as never);
    done = true;
  });
  if (done) redirect("/admin/sign-in?welcome=1");
  return state;
}
