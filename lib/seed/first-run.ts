import { hashPassword } from "better-auth/crypto";
import type { Database } from "../db";
import type { Env } from "../env";
import { issueSetupLink, SETUP_LINK_HOURS } from "../staff/setup-link";
import { DEMO_ADMIN, demoAdminPassword, demoAdminPasswordFile, demoWanted, existingDemoAdminPassword } from "./demo-admin";
import { isDatabaseEmpty, seedDemo, type SeedResult } from "./seed-demo";

export interface FirstRun {
  seeded: SeedResult | null;
  /** What `npm start` prints after the URL: the demo sign-in or the setup link. */
  lines: string[];
}

/**
 * What `npm start` does to a database before serving it (after migrating):
 * - the demo loads into an empty database only when wanted (demoWanted: no DATABASE_URL,
 *   or DEMO=1), with a random admin password per data directory;
 * - the demo sign-in is printed, except with NODE_ENV=production, which names the file;
 * - with no staff member at all, a one-time setup link is printed (setup-link.ts).
 */
export async function prepareFirstRun(db: Database, e: Env, options: { accounts?: number; log?: (line: string) => void } = {}): Promise<FirstRun> {
  const log = options.log ?? (() => {});
  const lines: string[] = [];
  let seeded: SeedResult | null = null;
  if (demoWanted(e) && (await isDatabaseEmpty(db))) {
    log("Empty database: seeding the demo incident...");
    seeded = await seedDemo(db, { accounts: options.accounts ?? 2000, adminPassword: demoAdminPassword(e) });
    log(`Seeded ${seeded.accounts} accounts.`);
  } else if (!demoWanted(e) && (await isDatabaseEmpty(db))) {
    log("Empty database: no demo data with DATABASE_URL (DEMO=1 or `npm run db:seed` loads it).");
  }
  if (demoWanted(e)) {
    const line = await demoSignIn(db, e);
    if (line) lines.push(line);
  }
  const setup = await issueSetupLink(db.prisma);
  if (setup) {
    lines.push(
      `No staff member yet. Create the first admin within ${SETUP_LINK_HOURS} hours with this one-time link (a restart issues a new one):`,
      `  ${setup.url}`,
      "  or: npm run cli -- create-staff --email YOU@EXAMPLE.COM --role admin",
    );
  }
  return { seeded, lines };
}

async function demoSignIn(db: Database, e: Env): Promise<string | null> {
  const admin = await db.prisma.staffUser.findUnique({ where: { email: DEMO_ADMIN.email }, select: { id: true } });
  if (!admin) return null;
  let password = existingDemoAdminPassword(e);
  if (!password) {
    // A demo seeded before passwords were random (or whose file was lost) gets a new one.
    password = demoAdminPassword(e);
    await db.prisma.staffCredential.updateMany({ where: { userId: admin.id, providerId: "credential" }, data: { password: await hashPassword(password) } });
  }
  if (e.NODE_ENV === "production") {
    const where = e.DEMO_ADMIN_PASSWORD ? "the DEMO_ADMIN_PASSWORD you set" : `in ${demoAdminPasswordFile(e)}`;
    return `Demo sign-in: ${DEMO_ADMIN.email}, password ${where} (never printed with NODE_ENV=production).`;
  }
  return `Demo sign-in: ${DEMO_ADMIN.email} / ${password}`;
}
