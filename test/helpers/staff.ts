import { getAuth } from "../../lib/auth/auth";
import { cliPrincipal } from "../../lib/auth/principal";
import type { Database } from "../../lib/db";
import type { StaffRole } from "../../lib/generated/prisma/enums";
import { inviteStaff } from "../../lib/staff/invite-staff";

/**
 * A real staff member with a password, signed in through better-auth: the headers carry
 * the session cookie. Tests that call actions or route handlers mock next/headers to
 * return them (requireStaff reads the request through it):
 *
 *   let requestHeaders = new Headers();
 *   vi.mock("next/headers", () => ({ headers: async () => requestHeaders, cookies: async () => ({ get: () => undefined }) }));
 *   requestHeaders = await signedInAs(db, "support");
 */
export async function signedInAs(db: Pick<Database, "prisma">, role: StaffRole): Promise<Headers> {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = `${role}-password-for-tests`;
  await inviteStaff(db.prisma, cliPrincipal(), { email, role, password });
  const response = await (await getAuth()).api.signInEmail({ body: { email, password }, asResponse: true });
  if (response.status !== 200) throw new Error(`sign-in as ${role} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return new Headers({ cookie });
}
