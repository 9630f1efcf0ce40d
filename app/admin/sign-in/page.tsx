import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/admin/SignInForm";
import { currentStaff } from "@/lib/auth/require-staff";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ welcome?: string }> }) {
  if (await currentStaff()) redirect("/admin");
  const { welcome } = await searchParams;
  return (
    <>
      <h1>Staff sign-in</h1>
      {welcome ? (
        <p className="notice ok" role="status">
          Your password is set. Sign in with it now.
        </p>
      ) : null}
      <p className="muted">Staff accounts are created by an admin. Ask one for an invite if you have none.</p>
      <SignInForm />
    </>
  );
}
