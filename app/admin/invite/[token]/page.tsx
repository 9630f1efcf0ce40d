import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/ActionForm";
import { prisma } from "@/lib/db";
import { findInvite } from "@/lib/staff/accept-invite";
import { acceptInviteAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Accept invite", referrer: "no-referrer" };

export default async function AcceptInvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await findInvite(await prisma(), token);
  if (!invite) {
    return (
      <>
        <h1>Invite link not valid</h1>
        <p>This link was used, replaced or has expired. Ask an admin for a new one.</p>
      </>
    );
  }
  return (
    <>
      <h1>Welcome, {invite.name}</h1>
      <p>Choose a password for {invite.email} (at least 10 characters).</p>
      <ActionForm action={acceptInviteAction} submitLabel="Set password" testId="accept-invite">
        <input type="hidden" name="token" value={token} />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" minLength={10} required />
        <label htmlFor="confirm">Password again</label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" minLength={10} required />
      </ActionForm>
    </>
  );
}
