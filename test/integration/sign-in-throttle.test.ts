import { describe, expect, it } from "vitest";
import { POST as authPost } from "@/app/api/auth/[...all]/route";
import { cliPrincipal } from "@/lib/auth/principal";
import { publicUrl } from "@/lib/env";
import { inviteStaff } from "@/lib/staff/invite-staff";
import { useTestDatabase } from "../helpers/db";

/**
 * Issue 11.3, the per-account throttle on failed sign-ins (lib/auth/sign-in-throttle.ts):
 * 10 failures per account address in 15 minutes, whatever the client address, and the
 * same answers for a staff member's address and for an unknown one.
 */
let request = 0;
function signIn(email: string, password: string): Promise<Response> {
  request += 1;
  // Every attempt from another socket address, with another forged X-Forwarded-For: the
  // per-address limit never applies, only the per-account one can.
  const socket = `10.${Math.floor(request / 250) % 250}.${request % 250}.7`;
  return authPost(
    new Request(`${publicUrl()}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: publicUrl(), "x-rp-remote-addr": socket, "x-forwarded-for": `203.0.113.${request % 250}` },
      body: JSON.stringify({ email, password }),
    }),
  );
}

describe("failed sign-ins per account", async () => {
  const db = await useTestDatabase();
  await inviteStaff(db.prisma, cliPrincipal(), { email: "ed@example.com", role: "editor", password: "editor-password-1" });
  await inviteStaff(db.prisma, cliPrincipal(), { email: "other@example.com", role: "editor", password: "other-password-1" });

  it("30 wrong passwords from rotating addresses: 10 refused, then limited; the right password too; known and unknown addresses answer alike; audited", async () => {
    const answers = async (email: string) => {
      const seen: { status: number; body: string }[] = [];
      for (let i = 0; i < 30; i++) {
        const response = await signIn(email, `wrong-password-${i}`);
        seen.push({ status: response.status, body: await response.text() });
      }
      return seen;
    };
    const known = await answers("ed@example.com");
    const unknown = await answers("nobody@example.com");

    expect(known.map((a) => a.status)).toEqual([...Array(10).fill(401), ...Array(20).fill(429)]);
    expect(unknown).toEqual(known);
    expect(known[10]?.body).toContain("Too many failed sign-ins");

    // The account stays closed to its own password until the window passes...
    expect((await signIn("ed@example.com", "editor-password-1")).status).toBe(429);
    // ...while another account signs in as usual.
    expect((await signIn("other@example.com", "other-password-1")).status).toBe(200);

    const audit = await db.prisma.auditLog.groupBy({ by: ["action", "actorLabel"], _count: true, orderBy: [{ actorLabel: "asc" }, { action: "asc" }] });
    expect(audit.map((a) => [a.actorLabel, a.action, a._count])).toEqual(
      expect.arrayContaining([
        ["ed@example.com", "staff.sign_in_failed", 10],
        ["ed@example.com", "staff.sign_in_throttled", 1],
        ["nobody@example.com", "staff.sign_in_failed", 10],
        ["nobody@example.com", "staff.sign_in_throttled", 1],
      ]),
    );
    const failed = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "staff.sign_in_failed", actorLabel: "ed@example.com" } });
    expect(failed.ip).toMatch(/^10\./);
    expect(failed.actorId).not.toBeNull();
    // The counter table holds a hash of the address, not the address.
    const keys = await db.driver.query<{ key: string }>(`SELECT key FROM rate_limit WHERE key LIKE 'sign-in-account%'`);
    expect(keys).toHaveLength(2);
    expect(JSON.stringify(keys)).not.toContain("example.com");
  });
});
