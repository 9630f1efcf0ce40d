import { parseArgs } from "node:util";
import { z } from "zod";
import { migrate } from "../lib/migrate";
import { env } from "../lib/env";
import { DEMO_ADMIN, demoAdminPassword, demoAdminPasswordFile } from "../lib/seed/demo-admin";
import { isDatabaseEmpty, seedDemo } from "../lib/seed/seed-demo";
import { fail, withDatabase } from "./bootstrap";

const { values } = parseArgs({
  options: { accounts: { type: "string", default: "2000" }, force: { type: "boolean", default: false } },
});
const accounts = z.coerce.number().int().min(0).max(10_000_000).safeParse(values.accounts);
if (!accounts.success) fail(new Error(`--accounts must be a whole number from 0 to 10,000,000, got "${values.accounts}"`));

await withDatabase(async (db) => {
  await migrate(db.driver);
  if (!(await isDatabaseEmpty(db))) {
    console.log("The database already has data; the demo seed only runs on an empty database.");
    return;
  }
  const started = performance.now();
  // The explicit way to load the demo into any database (npm start only does it without
  // DATABASE_URL or with DEMO=1); its admin gets the data directory's random password.
  const config = env();
  const adminPassword = demoAdminPassword(config);
  const result = await seedDemo(db, { accounts: accounts.data, log: (l) => console.log(l), adminPassword });
  console.log(
    `Seeded ${result.accounts} accounts, ${result.impacts} impacts, ${result.events} restore events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(
    config.NODE_ENV === "production"
      ? `Demo sign-in: ${DEMO_ADMIN.email}, password ${config.DEMO_ADMIN_PASSWORD ? "the DEMO_ADMIN_PASSWORD you set" : `in ${demoAdminPasswordFile(config)}`}.`
      : `Demo sign-in: ${DEMO_ADMIN.email} / ${adminPassword}`,
  );
});
