import type { Metadata } from "next";
import { ActionForm } from "@/components/admin/ActionForm";
import { prisma } from "@/lib/db";
import { setupLinkIsValid } from "@/lib/staff/setup-link";
import { createFirstAdminAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up the portal", referrer: "no-referrer" };

export default async function SetupPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await setupLinkIsValid(await prisma(), token))) {
    return (
      <>
        <h1>Setup link not valid</h1>
        <p>
          This link was used, replaced by a newer one or has expired, or the portal already has its first admin. Nothing was changed. Sign in at{" "}
          <a href="/admin/sign-in">/admin/sign-in</a>, restart the portal for a new link while it has no staff, or run{" "}
          <code>npm run cli -- create-staff --email YOU@EXAMPLE.COM --role admin</code>.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Set up the portal</h1>
      <p>Create the first admin. This link works once; afterwards admins invite everyone else from the staff page.</p>
      <ActionForm action={createFirstAdminAction} submitLabel="Create admin" testId="setup-first-admin">
        <input type="hidden" name="token" value={token} />
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="email" required />
        <label htmlFor="name">Name</label>
        <input id="name" name="name" type="text" autoComplete="name" />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" minLength={10} required />
        <label htmlFor="confirm">Password again</label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" minLength={10} required />
      </ActionForm>
    </>
  );
}
