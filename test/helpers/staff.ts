import { getAuth } from "../../lib/auth/auth";
import { cliPrincipal } from "../../lib/auth/principal";
import { mustEnrolSecondFactor } from "../../lib/auth/require-staff";
import type { Database } from "../../lib/db";
import type { StaffRole } from "../../lib/generated/prisma/enums";
import { inviteStaff } from "../../lib/staff/invite-staff";
import { totpCode } from "./totp";

export { totpCode };

/**
 * A real staff member with a password, signed in through better-auth: the headers carry
 * the session cookie. Tests that call actions or route handlers mock next/headers to
 * return them (requireStaff reads the request through it):
 *
 *   let requestHeaders = new Headers();
 *   vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined }) }));
 *   requestHeaders = await signedInAs(db, "support");
 *
 * A role that must sign in with a second factor (STAFF_2FA; admins by default) is
 * enrolled first, with a real TOTP code computed from the secret, like an app would.
 */
export async function signedInAs(db: Pick<Database, "prisma">, role: StaffRole): Promise<Headers> {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = `${role}-password-for-tests`;
  const created = await inviteStaff(db.prisma, cliPrincipal(), { email, role, password });
  const response = await (await getAuth()).api.signInEmail({ body: { email, password }, asResponse: true });
  if (response.status !== 200) throw new Error(`sign-in as ${role} failed: ${response.status} ${await response.text()}`);
  const headers = cookieHeaders(response);
  if (!mustEnrolSecondFactor({ id: created.id, name: email, email, role, twoFactorEnabled: false })) return headers;
  return (await enrolSecondFactor(headers, password)).headers;
}

/** The session cookie a better-auth response set, as request headers. */
export function cookieHeaders(response: Response): Headers {
  const cookie = response.headers
    .getSetCookie()
    .filter((c) => !/max-age=0/i.test(c))
    .map((c) => c.split(";")[0])
    .join("; ");
  return new Headers({ cookie });
}

/** Enrols the signed-in member (start + confirm with a real code); returns the new session's headers and the factor. */
export async function enrolSecondFactor(signedIn: Headers, password: string): Promise<{ headers: Headers; totpURI: string; backupCodes: string[] }> {
  const auth = await getAuth();
  const enabled = await auth.api.enableTwoFactor({ body: { password }, headers: signedIn });
  const totpURI = "totpURI" in enabled ? (enabled.totpURI ?? "") : "";
  const backupCodes = "backupCodes" in enabled ? (enabled.backupCodes ?? []) : [];
  const verified = await auth.api.verifyTOTP({ body: { code: totpCode(totpURI) }, headers: signedIn, asResponse: true });
  if (verified.status !== 200) throw new Error(`enrolment failed: ${verified.status} ${await verified.text()}`);
  return { headers: cookieHeaders(verified), totpURI, backupCodes };
}
