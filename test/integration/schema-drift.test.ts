import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffSchema, readDmmf } from "../helpers/schema-diff";
import { useTestDatabase } from "../helpers/db";

describe("migrations match schema.prisma", () => {
  it("produces every model, field, type, nullability, default, enum, index and foreign key, and nothing else", async () => {
    const db = await useTestDatabase();
    expect(await diffSchema(db.driver)).toEqual([]);
  });

  it("notices a field added to schema.prisma without a migration", async () => {
    const db = await useTestDatabase();
    const schema = readFileSync("prisma/schema.prisma", "utf8").replace(
      "  version     Int            @default(1)\n",
      "  version     Int            @default(1)\n  severity    Int\n",
    );
    expect(schema).toContain("severity");
    const path = `${process.env.TMPDIR ?? "/tmp"}/drift-${process.pid}.prisma`;
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, schema);
    expect(await diffSchema(db.driver, readDmmf(path))).toEqual([
      "incident.severity (Incident.severity): column missing in the database",
    ]);
  });

  it("notices an index the schema does not declare", async () => {
    const db = await useTestDatabase();
    await db.driver.exec(`CREATE INDEX "stray_idx" ON "account"("locale")`);
    expect(await diffSchema(db.driver)).toEqual([
      "index stray_idx on account(locale): in the database but not in schema.prisma",
    ]);
  });
});
