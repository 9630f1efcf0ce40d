import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Two projects: every test runs on embedded PGlite; with TEST_DATABASE_URL set (a
 * PostgreSQL server URL, e.g. postgres://postgres@127.0.0.1:5432/postgres) the
 * integration tests run a second time against a real PostgreSQL, each file in its own
 * database copied from a migrated template.
 */
const alias = { "@": path.resolve(import.meta.dirname) };
// One migrated template per run, named for this run: several checkouts may run their
// suites against the same server at once without dropping each other's template.
process.env.TEST_TEMPLATE_DB ??= `rp_test_template_${process.pid}`;
// Tests deliver webhooks to receivers on 127.0.0.1 (the SSRF tests turn the check on explicitly).
const common = {
  setupFiles: ["test/setup.ts"],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: "forks" as const,
};

export default defineConfig({
  resolve: { alias },
  test: {
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: {
          ...common,
          name: "pglite",
          include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
          // *.pg.test.ts need a PostgreSQL server (several connections).
          exclude: ["test/integration/**/*.pg.test.ts"],
          env: { TEST_ENGINE: "pglite", WEBHOOKS_ALLOW_PRIVATE: "1" },
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              resolve: { alias },
              test: {
                ...common,
                name: "postgres",
                include: ["test/integration/**/*.test.ts"],
                env: { TEST_ENGINE: "postgres", WEBHOOKS_ALLOW_PRIVATE: "1" },
                globalSetup: ["test/helpers/postgres-template.ts"],
              },
            },
          ]
        : []),
    ],
  },
});
