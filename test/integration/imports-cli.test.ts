import { describe, expect, it } from "vitest";
import { cli } from "../helpers/cli";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

describe("import CLI", async () => {
  const db = await useTestDatabase();
  await createIncidentWithAccounts(db, { accounts: 1, slug: "cli", categories: ["contacts", "calendar", "photos"] });
  const run = (args: string[]) => cli(db, ["import", ...args]);

  it("dry-runs, imports, and exits non-zero with the errors when a row is rejected", async () => {
    const dry = await run(["test/fixtures/affected-accounts.csv", "--dry-run", "--incident", "cli"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Rows read: 8, rejected: 0, applied: 0. Status: validated.");
    expect(await db.prisma.account.count({ where: { externalRef: { startsWith: "IMP-" } } })).toBe(0);

    const real = await run(["test/fixtures/affected-accounts.csv"]);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain("Accounts created 4");
    expect(await db.prisma.account.count({ where: { externalRef: { startsWith: "IMP-" } } })).toBe(4);

    const bad = await run(["test/fixtures/affected-accounts-bad.csv"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('line 3, category: unknown category "fotos"');
    expect(bad.stdout).toContain("Nothing was applied.");

    const json = await run(["test/fixtures/affected-accounts-bad.csv", "--json"]);
    expect(json.code).toBe(1);
    expect(json.json()).toMatchObject({ status: "failed", rowsRejected: expect.any(Number), errors: expect.arrayContaining([expect.objectContaining({ line: 3, field: "category" })]) });
  });

  it("explains its usage", async () => {
    expect((await run([])).code).toBe(2);
    const missing = await run(["missing.csv"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No such file");
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("account_ref,email,display_name");
    const unknownIncident = await run(["test/fixtures/affected-accounts.csv", "--incident", "nope"]);
    expect(unknownIncident.code).toBe(1);
  });
});
