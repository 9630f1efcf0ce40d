import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { getAuth } from "@/lib/auth/auth";
import { parseEnv } from "@/lib/env";
import type { ActionState } from "@/lib/http/action-state";
import { DEMO_ADMIN, demoAdminPasswordFile } from "@/lib/seed/demo-admin";
import { prepareFirstRun } from "@/lib/seed/first-run";
import { seedDemo } from "@/lib/seed/seed-demo";
import { hashToken } from "@/lib/tokens";
import { useTestDatabase, type TestDatabase } from "../helpers/db";
import { pageResponse } from "../helpers/pages";

/**
 * Issue 11.1, "demo only when asked": what `npm start` does to a database before serving
 * it (lib/seed/first-run.ts), with the env of an operator's start.
 */
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-rp-remote-addr": "192.0.2.7" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "rp-first-run-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function signIn(email: string, password: string): Promise<number> {
  const response = await (await getAuth()).api.signInEmail({ body: { email, password }, asResponse: true });
  return response.status;
}

async function counts(db: TestDatabase) {
  return {
    incidents: await db.prisma.incident.count(),
    accounts: await db.prisma.account.count(),
    staff: await db.prisma.staffUser.count(),
  };
}

function setupToken(lines: string[]): string {
  const match = /\/admin\/setup\/([A-Za-z0-9_-]{43})\b/.exec(lines.join("\n"));
  if (!match?.[1]) throw new Error(`no setup link in:\n${lines.join("\n")}`);
  return match[1];
}

async function submitSetup(token: string, fields: Record<string, string>): Promise<ActionState | { redirect: string }> {
  const { createFirstAdminAction } = await import("@/app/admin/setup/[token]/actions");
  const form = new FormData();
  form.set("token", token);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  try {
    return await createFirstAdminAction({ status: "idle" } as ActionState, form);
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT;")) return { redirect: digest.split(";")[2] ?? "" };
    throw error;
  }
}

async function setupPage(token: string): Promise<string> {
  const { default: SetupPage } = await import("@/app/admin/setup/[token]/page");
  return (await pageResponse(SetupPage({ params: Promise.resolve({ token }) }))).text();
}

const admin = { email: "ops@example.com", name: "Ops", password: "first-admin-pass-1", confirm: "first-admin-pass-1" };

describe("a production start on an empty PostgreSQL (DATABASE_URL set)", () => {
  it("seeds nothing, prints no password, no known password signs in, and prints a one-time setup link stored only as a hash", async () => {
    const db = await useTestDatabase();
    const config = parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://db.internal/portal", DATA_DIR: dataDir() });
    const run = await prepareFirstRun(db, config);
    expect(run.seeded).toBeNull();
    expect(await counts(db)).toEqual({ incidents: 0, accounts: 0, staff: 0 });
    const printed = run.lines.join("\n");
    expect(printed).not.toMatch(/password|recovery-demo/i);
    expect(await signIn(DEMO_ADMIN.email, "recovery-demo")).toBe(401);

    const token = setupToken(run.lines);
    const stored = await db.prisma.verification.findMany({ select: { identifier: true, value: true, expiresAt: true } });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.identifier).toBe(`staff-setup:${hashToken(token)}`);
    expect(JSON.stringify(stored)).not.toContain(token);
    const hours = (stored[0]!.expiresAt.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23);
    expect(hours).toBeLessThanOrEqual(24);
  });

  it("the setup link's page creates the first admin once; reused, replaced, expired or unknown it shows a clear page and changes nothing", async () => {
    const db = await useTestDatabase();
    const config = parseEnv({ DATABASE_URL: "postgres://db.internal/portal", DATA_DIR: dataDir() });
    const replaced = setupToken((await prepareFirstRun(db, config)).lines);
    const token = setupToken((await prepareFirstRun(db, config)).lines);

    // A restart's link replaces the earlier one.
    expect(await setupPage(replaced)).toContain("Setup link not valid");
    expect(await submitSetup(replaced, admin)).toMatchObject({ status: "error", code: "GONE" });
    expect(await db.prisma.staffUser.count()).toBe(0);

    // Mismatched passwords: nothing created, the link still works.
    expect(await submitSetup(token, { ...admin, confirm: "something-else-1" })).toMatchObject({ status: "error", code: "VALIDATION" });
    expect(await setupPage(token)).toContain("Create the first admin");

    expect(await submitSetup(token, admin)).toEqual({ redirect: "/admin/sign-in?welcome=1" });
    const created = await db.prisma.staffUser.findMany({ select: { email: true, role: true } });
    expect(created).toEqual([{ email: "ops@example.com", role: "admin" }]);
    expect(await signIn(admin.email, admin.password)).toBe(200);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "staff.setup_first_admin" } });
    expect(audit).toMatchObject({ actorLabel: "ops@example.com", ip: "192.0.2.7" });

    // Used: a clear page, and a second admin cannot be made with it.
    expect(await setupPage(token)).toContain("Setup link not valid");
    expect(await submitSetup(token, { ...admin, email: "intruder@example.com" })).toMatchObject({ status: "error", code: "GONE" });
    expect(await db.prisma.staffUser.count()).toBe(1);
    // With staff, a restart prints no link.
    expect((await prepareFirstRun(db, config)).lines.join("\n")).not.toContain("/admin/setup/");

    expect(await setupPage("not-a-token")).toContain("Setup link not valid");
  });

  it("an expired setup link shows a clear page and creates nobody", async () => {
    const db = await useTestDatabase();
    const token = setupToken((await prepareFirstRun(db, parseEnv({ DATABASE_URL: "postgres://db.internal/portal", DATA_DIR: dataDir() }))).lines);
    await db.prisma.verification.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await setupPage(token)).toContain("Setup link not valid");
    expect(await submitSetup(token, admin)).toMatchObject({ status: "error", code: "GONE" });
    expect(await db.prisma.staffUser.count()).toBe(0);
  });

  it("DEMO=1 loads the demo even with DATABASE_URL", async () => {
    const db = await useTestDatabase();
    const run = await prepareFirstRun(db, parseEnv({ DATABASE_URL: "postgres://db.internal/portal", DEMO: "1", DATA_DIR: dataDir() }), { accounts: 5 });
    expect(run.seeded?.accounts).toBe(5);
    expect(run.lines.join("\n")).toContain(`Demo sign-in: ${DEMO_ADMIN.email} / `);
  });
});

describe("the zero-configuration embedded default", () => {
  it("seeds the demo with a random admin password per data directory, printed, kept across restarts", async () => {
    const db = await useTestDatabase();
    const dir = dataDir();
    const config = parseEnv({ DATA_DIR: dir });
    const first = await prepareFirstRun(db, config, { accounts: 5 });
    expect(first.seeded?.accounts).toBe(5);
    const password = readFileSync(demoAdminPasswordFile(config), "utf8").trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(first.lines).toContain(`Demo sign-in: ${DEMO_ADMIN.email} / ${password}`);
    expect(first.lines.join("\n")).not.toContain("/admin/setup/");
    expect(await signIn(DEMO_ADMIN.email, password)).toBe(200);
    expect(await signIn(DEMO_ADMIN.email, "recovery-demo")).toBe(401);

    const second = await prepareFirstRun(db, config, { accounts: 5 });
    expect(second.seeded).toBeNull();
    expect(second.lines).toContain(`Demo sign-in: ${DEMO_ADMIN.email} / ${password}`);

    // Another data directory, another password.
    const other = await useTestDatabase();
    const otherConfig = parseEnv({ DATA_DIR: dataDir() });
    await prepareFirstRun(other, otherConfig, { accounts: 1 });
    expect(readFileSync(demoAdminPasswordFile(otherConfig), "utf8").trim()).not.toBe(password);
  });

  it("NODE_ENV=production never prints the password; DEMO_ADMIN_PASSWORD sets it", async () => {
    const db = await useTestDatabase();
    const run = await prepareFirstRun(db, parseEnv({ NODE_ENV: "production", DATA_DIR: dataDir(), DEMO_ADMIN_PASSWORD: "chosen-by-the-test" }), { accounts: 1 });
    expect(run.seeded?.accounts).toBe(1);
    expect(run.lines.join("\n")).not.toContain("chosen-by-the-test");
    expect(run.lines.join("\n")).toContain("never printed with NODE_ENV=production");
    expect(await signIn(DEMO_ADMIN.email, "chosen-by-the-test")).toBe(200);
  });

  it("a demo seeded with the old fixed password gets a random one at the next start", async () => {
    const db = await useTestDatabase();
    await seedDemo(db, { accounts: 1, adminPassword: "recovery-demo" });
    const config = parseEnv({ DATA_DIR: dataDir() });
    const run = await prepareFirstRun(db, config);
    const password = readFileSync(demoAdminPasswordFile(config), "utf8").trim();
    expect(run.lines).toContain(`Demo sign-in: ${DEMO_ADMIN.email} / ${password}`);
    expect(await signIn(DEMO_ADMIN.email, "recovery-demo")).toBe(401);
    expect(await signIn(DEMO_ADMIN.email, password)).toBe(200);
  });
});
