import { DEMO_ADMIN } from "../../lib/seed/demo-admin";

/**
 * The demo admin of the e2e server: its password is random per data directory unless
 * DEMO_ADMIN_PASSWORD is set, which playwright.config.ts does for the server and for the
 * specs (workers inherit the config's process.env).
 */
export const e2eDemoAdminPassword = "e2e-demo-admin-password-0123";

export function demoAdminSignIn(): { email: string; password: string } {
  return { email: DEMO_ADMIN.email, password: process.env.DEMO_ADMIN_PASSWORD ?? e2eDemoAdminPassword };
}
