import { describe, expect, it, vi } from "vitest";

// This file's process serves the console behind https (env is parsed once, on first use).
process.env.PUBLIC_URL = "https://status.example.com";

const { getAuth } = await import("@/lib/auth/auth");
const { POST: authPost } = await import("@/app/api/auth/[...all]/route");
const { cliPrincipal } = await import("@/lib/auth/principal");
const { inviteStaff } = await import("@/lib/staff/invite-staff");
const { useTestDatabase } = await import("../helpers/db");

/** `ip` is the socket address, as scripts/start.ts stamps it; `forged` what the client claims. */
function signInRequest(email: string, password: string, origin = "https://status.example.com", ip = "192.0.2.10", forged: Record<string, string> = {}): Request {
  return new Request("https://status.example.com/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json", origin, "x-rp-remote-addr": ip, ...forged },
    body: JSON.stringify({ email, password }),
  });
}

describe("sign-in over HTTP behind https", async () => {
  const db = await useTestDatabase();
  await inviteStaff(db.prisma, cliPrincipal(), { email: "ed@example.com", role: "editor", password: "editor-password-1" });

  it("sets a Secure, HttpOnly, SameSite=Lax session cookie", async () => {
    const auth = await getAuth();
    const response = await auth.handler(signInRequest("ed@example.com", "editor-password-1"));
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.includes("session_token"));
    expect(cookie).toMatch(/^__Secure-rp\.session_token=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
  });

  it("refuses a sign-in posted from another origin", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {}); // better-auth logs the refusal
    const auth = await getAuth();
    const response = await auth.handler(signInRequest("ed@example.com", "editor-password-1", "https://evil.example.net", "192.0.2.11"));
    expect(response.status).toBe(403);
  });

  it("rate limits sign-in attempts per client address: 30 wrong passwords under rotating X-Forwarded-For / X-Real-IP are limited", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const forged = { "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}`, "x-rp-client-ip": `192.0.2.${i + 1}` };
      // A new address each time, so the per-account throttle (sign-in-throttle.test.ts) stays out of it.
      statuses.push((await authPost(signInRequest(`guess-${i}@example.com`, `wrong-password-${i}`, undefined, "192.0.2.99", forged))).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    // Another client (another socket address) is not affected.
    expect((await authPost(signInRequest("ed@example.com", "editor-password-1", undefined, "192.0.2.100"))).status).toBe(200);
  });
});
