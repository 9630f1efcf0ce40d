import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "../env";
import { newRandomToken } from "../tokens";

/**
 * The demo is a demo: it loads only for the zero-configuration embedded database (no
 * DATABASE_URL) or when asked with DEMO=1, and its admin has no known password. The
 * password is DEMO_ADMIN_PASSWORD when set (tests), otherwise random, generated once per
 * data directory and kept beside it (DATA_DIR/demo-admin-password, mode 0600).
 */
export const DEMO_ADMIN = { email: "admin@example.com", name: "Demo Admin" } as const;

export function demoWanted(e: Pick<Env, "DATABASE_URL" | "DEMO">): boolean {
  return !e.DATABASE_URL || e.DEMO;
}

export function demoAdminPasswordFile(e: Pick<Env, "DATA_DIR">): string {
  return path.resolve(e.DATA_DIR, "demo-admin-password");
}

/** The demo admin's password if one was set or generated before; never creates one. */
export function existingDemoAdminPassword(e: Pick<Env, "DATA_DIR" | "DEMO_ADMIN_PASSWORD">): string | undefined {
  if (e.DEMO_ADMIN_PASSWORD) return e.DEMO_ADMIN_PASSWORD;
  try {
    const stored = readFileSync(demoAdminPasswordFile(e), "utf8").trim();
    return stored.length >= 10 ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** The demo admin's password: the one set or kept, or a new random one, written down for next time. */
export function demoAdminPassword(e: Pick<Env, "DATA_DIR" | "DEMO_ADMIN_PASSWORD">): string {
  const existing = existingDemoAdminPassword(e);
  if (existing) return existing;
  const password = newRandomToken().slice(0, 20);
  const file = demoAdminPasswordFile(e);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}
