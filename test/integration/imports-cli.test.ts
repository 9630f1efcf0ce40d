import { describe, expect, it } from "vitest";
import { runImportCli } from "@/lib/imports/run-import-cli";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

describe("import CLI", async () => {
  const db = await useTestDatabase();
  await createIncidentWithAccounts(db, { accounts: 1, slug: "cli", categories: ["contacts", "calendar", "photos"] });
  const run = async (args: string[]) => {
    const lines: string[] = [];
    const code = await runImportCli(args, { db, out: (l) => lines.push(l) });
    return { code, output: lines.join("\n") };
  };

  it("dry-runs, imports, and exits non-zero with the errors when a row is rejected", async () => {
    const dry = await run(["test/fixtures/affected-accounts.csv", "--dry-run", "--incident", "cli"]);
    expect(dry.code).toBe(0);
    expect(dry.output).toContain("Rows read: 8, rejected: 0, applied: 0. Status: validated.");
    expect(await db.prisma.account.count({ where: { externalRef: { startsWith: "IMP-" } } })).toBe(0);

    const real = await run(["test/fixtures/affected-accounts.csv"]);
    expect(real.code).toBe(0);
    expect(real.output).toContain("Accounts created 4");
    expect(await db.prisma.account.count({ where: { externalRef: { startsWith: "IMP-" } } })).toBe(4);

    const bad = await run(["test/fixtures/affected-accounts-bad.csv"]);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('line 3, category: unknown category "fotos"');
    expect(bad.output).toContain("Nothing was applied.");
  });

  it("explains its usage", async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(["missing.csv"])).output).toContain("No such file");
    expect((await run(["--help"])).output).toContain("account_ref,email,display_name");
  });
});
