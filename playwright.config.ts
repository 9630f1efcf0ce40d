import { defineConfig, devices } from "@playwright/test";
import { e2eDemoAdminPassword } from "./test/helpers/demo-admin";
import { mailSinkPorts } from "./test/e2e/mail-sink-ports";
import { e2eDatabaseUrl } from "./test/e2e/subscribers-e2e-database";

/**
 * Browser tests run against the production build served by `npm start` (next build +
 * next start in-process) on a fresh embedded database under .data/e2e, in Debian's
 * chromium (never a downloaded browser). PORT and E2E_DATA_DIR may be overridden.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
export const dataDir = process.env.E2E_DATA_DIR ?? `.data/e2e-${port}`;
export const baseURL = `http://127.0.0.1:${port}`;
// One secret for the server and the specs: specs build signed links (one-click
// unsubscribe) the way the mail worker does. Workers inherit this process's env.
process.env.AUTH_SECRET ??= "e2e-only-secret-e2e-only-secret-0123456789";
// The demo admin's password is random per data directory; the server and the specs share
// this one instead (test/helpers/demo-admin.ts).
process.env.DEMO_ADMIN_PASSWORD ??= e2eDemoAdminPassword;
// With TEST_DATABASE_URL: a fresh PostgreSQL database per run, readable by the specs.
const databaseUrl = e2eDatabaseUrl(port);
// A real SMTP server receives the app's mail; specs read it there (test/e2e/mail-sink-server.ts).
const mailSink = mailSinkPorts(port);

export default defineConfig({
  testDir: "test/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: `E2E_PORT=${port} npx tsx test/e2e/mail-sink-server.ts`,
      url: `http://127.0.0.1:${mailSink.http}/health`,
      timeout: 60_000,
      reuseExistingServer: false,
    },
    {
      // Every run starts from a freshly seeded database.
      command: `${databaseUrl ? `E2E_PORT=${port} npx tsx test/e2e/subscribers-e2e-database.ts && ` : ""}rm -rf ${dataDir} && npx tsx scripts/start.ts`,
      url: `${baseURL}/api/health`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        NEXT_TELEMETRY_DISABLED: "1",
        SNAPSHOT_INTERVAL_SECONDS: "2",
        AUTH_SECRET: process.env.AUTH_SECRET,
        DATABASE_URL: databaseUrl,
        // With DATABASE_URL the demo loads only when asked.
        DEMO: "1",
        DEMO_ADMIN_PASSWORD: process.env.DEMO_ADMIN_PASSWORD,
        SMTP_URL: `smtp://127.0.0.1:${mailSink.smtp}`,
        // Webhooks to receivers the specs run on 127.0.0.1, failing fast (test/e2e/webhooks.spec.ts).
        WEBHOOKS_ALLOW_PRIVATE: "1",
        WEBHOOK_BACKOFF_BASE_SECONDS: "0.2",
        WEBHOOK_MAX_ATTEMPTS: "3",
        WEBHOOK_DISABLE_AFTER_FAILURES: "3",
        WEBHOOK_TIMEOUT_SECONDS: "2",
      },
    },
  ],
});
