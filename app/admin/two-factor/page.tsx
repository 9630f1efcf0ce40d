import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TwoFactorEnrolment } from "@/components/admin/TwoFactorEnrolment";
import { currentStaff, mustEnrolSecondFactor } from "@/lib/auth/require-staff";
import { confirmTwoFactorAction, startTwoFactorAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Two-factor sign-in", referrer: "no-referrer" };

export default async function TwoFactorPage() {
  const staff = await currentStaff();
  if (!staff) redirect("/admin/sign-in");
  if (staff.twoFactorEnabled) {
    return (
      <>
        <h1>Two-factor sign-in</h1>
        <p className="notice ok" role="status">
          Two-factor sign-in is on for {staff.email}. Lost your phone and your backup codes? Another admin can reset it on the Staff page.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Set up two-factor sign-in</h1>
      {mustEnrolSecondFactor(staff) ? (
        <p className="notice error" role="alert">
          Your role must sign in with a second factor. Set it up now: the console opens afterwards.
        </p>
      ) : null}
      <TwoFactorEnrolment start={startTwoFactorAction} confirm={confirmTwoFactorAction} />
    </>
  );
}
