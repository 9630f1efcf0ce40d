import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffSchema, partialIndexPredicates, readDmmf } from "../helpers/schema-diff";
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

  it("checks the predicate of a partial index, declared once in schema.prisma", async () => {
    expect(readDmmf().partialIndexes.get("email_outbox_due_idx")).toBe("status = 'queued'");
    const db = await useTestDatabase();
    // The same name and column, but every row indexed: not what the schema declares.
    await db.driver.exec(`DROP INDEX "email_outbox_due_idx"; CREATE INDEX "email_outbox_due_idx" ON "email_outbox"("next_attempt_at")`);
    expect(await diffSchema(db.driver)).toEqual([
      "normal index email_outbox_due_idx on email_outbox(next_attempt_at) WHERE status = 'queued': missing in the database",
      "index email_outbox_due_idx on email_outbox(next_attempt_at): in the database but not in schema.prisma",
    ]);
    await db.driver.exec(`DROP INDEX "email_outbox_due_idx"; CREATE INDEX "email_outbox_due_idx" ON "email_outbox"("next_attempt_at") WHERE "status" = 'sending'`);
    expect(await diffSchema(db.driver)).toEqual([
      "normal index email_outbox_due_idx on email_outbox(next_attempt_at) WHERE status = 'queued': missing in the database",
      `index email_outbox_due_idx on email_outbox(next_attempt_at) WHERE (status = 'sending'::"EmailStatus"): in the database but not in schema.prisma`,
    ]);
  });

  it("refuses a partial index it cannot read rather than ignoring its predicate", () => {
    const { partialIndexes, unreadable } = partialIndexPredicates(
      ['  @@index([a], map: "t_a", where: raw("a > 1"))', '  @@index([b], where: { b: "x" })', '  // @@index([c], where: raw("c"))'].join("\n"),
    );
    expect([...partialIndexes]).toEqual([["t_a", "a > 1"]]);
    expect(unreadable).toEqual(['@@index([b], where: { b: "x" })']);
  });
});
