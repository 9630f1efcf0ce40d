import { existsSync } from "node:fs";
import { defineConfig } from "prisma/config";

// The Prisma CLI downloads its native schema engine at start, which cannot work on
// machines without internet access. `prisma generate` never runs that engine, so when
// it is absent we point the CLI at any executable. Migrations are applied by our own
// migrator (lib/migrate.ts), never by `prisma migrate`. See docs/decisions/002.
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const engineDir = "node_modules/@prisma/engines";
  const hasEngine =
    existsSync(engineDir) &&
    (await import("node:fs")).readdirSync(engineDir).some((f) => f.startsWith("schema-engine"));
  if (!hasEngine) process.env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/recovery_portal",
  },
});
