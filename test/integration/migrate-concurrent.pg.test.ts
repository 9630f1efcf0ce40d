import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db";
import { migrate, readMigrations } from "@/lib/migrate";
import { useTestDatabase } from "../helpers/db";

// PostgreSQL only (*.pg.test.ts): PGlite has a single connection, so there is no second
// instance to race with.
describe("migrator on a PostgreSQL server", () => {
  it("lets two app instances start together: the advisory lock serialises them", async () => {
    const db = await useTestDatabase({ migrated: false });
    const other = await openDatabase({ url: db.url, max: 2 });
    try {
      const [a, b] = await Promise.all([migrate(db.driver), migrate(other.driver)]);
      expect([...a.applied, ...b.applied].sort()).toEqual(readMigrations().map((m) => m.name));
      const count = await db.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
      expect(count[0]?.n).toBe(readMigrations().length);
    } finally {
      await other.close();
    }
  });
});
