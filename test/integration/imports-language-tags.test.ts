import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/record-audit";
import { getImportJob } from "@/lib/imports/get-import-job";
import { runImport } from "@/lib/imports/run-import";
import { fileSource } from "@/lib/imports/upload-source";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

const actor: Actor = { type: "staff", id: null, label: "importer@example.com" };
const tmp = mkdtempSync(path.join(tmpdir(), "imports-lang-"));
const header = "account_ref,email,display_name,locale,category,state,items_total,items_restored";

describe("language tags in the import", async () => {
  const db = await useTestDatabase();
  const { incident } = await createIncidentWithAccounts(db, { accounts: 0, categories: ["contacts", "calendar"] });
  const run = async (rows: string[], commit: boolean) => {
    const file = path.join(tmp, `f${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, [header, ...rows].join("\n") + "\n");
    const jobId = (await db.prisma.importJob.create({ data: { incidentId: incident.id, fileName: path.basename(file) } })).id;
    return runImport(db, { jobId, source: fileSource(file), commit, actor });
  };

  it("an unsupported tag is a warning on every row of the dry run (the default language is used); a malformed one is an error naming row and field", async () => {
    const report = await run(
      [
        "L-1,ja@example.com,Yuki,ja,contacts,pending,,",
        "L-1,ja@example.com,Yuki,ja,calendar,pending,,",
        "L-2,mx@example.com,Ana,es-MX,contacts,pending,,",
        "L-3,br@example.com,João,pt_br,contacts,pending,,",
        "L-4,bad@example.com,Bad,en--x!,contacts,pending,,",
      ],
      false,
    );
    expect(report).toMatchObject({ status: "validated", rowsRead: 5, rowsRejected: 1, rowsWarned: 2 });
    expect(report.warnings).toEqual([
      { line: 2, field: "locale", reason: expect.stringContaining('"ja" is not a language the portal ships: read as en') },
      { line: 3, field: "locale", reason: expect.stringContaining('"ja"') },
    ]);
    expect(report.errors).toEqual([{ line: 6, field: "locale", reason: expect.stringContaining("is not a language tag (BCP 47)") }]);
    // The progress page reads the same report from the job row.
    const view = await getImportJob(db.prisma, report.jobId);
    expect(view).toMatchObject({ rowsWarned: 2, warnings: report.warnings });
  });

  it("a commit stores the shipped language each tag maps to", async () => {
    const report = await run(["L-1,ja@example.com,Yuki,ja,contacts,pending,,", "L-2,mx@example.com,Ana,es-MX,contacts,pending,,", "L-3,br@example.com,João,pt_br,contacts,pending,,", "L-5,none@example.com,Nobody,,contacts,pending,,"], true);
    expect(report).toMatchObject({ status: "applied", rowsApplied: 4, rowsWarned: 1 });
    const accounts = await db.prisma.account.findMany({ orderBy: { externalRef: "asc" }, select: { externalRef: true, locale: true } });
    expect(accounts).toEqual([
      { externalRef: "L-1", locale: "en" },
      { externalRef: "L-2", locale: "es" },
      { externalRef: "L-3", locale: "pt-BR" },
      { externalRef: "L-5", locale: "en" },
    ]);
  });
});
