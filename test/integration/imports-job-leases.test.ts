import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createImportJob } from "@/lib/imports/create-import-job";
import { getImportJob } from "@/lib/imports/get-import-job";
import { maxRunAttempts, requestImportRun, runNextImportJob } from "@/lib/imports/import-job-runner";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

/**
 * Import runs are claimed from the database under a lease: a run held by a live instance
 * is left alone, one whose instance died (lease out) is taken over and completed once,
 * and one that keeps dying is failed, saying so, with nothing applied.
 */
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "imports-leases-"));
const actor = { type: "staff" as const, id: null, label: "admin@example.com" };
const sample = readFileSync("test/fixtures/affected-accounts.csv");

describe("import runs claimed with leases", async () => {
  const db = await useTestDatabase();
  await createIncidentWithAccounts(db, { accounts: 1, slug: "up", categories: ["contacts", "calendar", "photos"] });
  const upload = async () => (await createImportJob(db, { fileName: "sample.csv", body: new Blob([sample]).stream(), maxBytes: 1 << 20 })).id;
  const imported = () => db.prisma.account.count({ where: { externalRef: { startsWith: "IMP-" } } });
  /** What an instance that died mid-commit leaves: the run wanted, its lease held by it. */
  const dieHolding = (id: string, until: string) =>
    db.driver.query(`UPDATE "import_job" SET "locked_by" = 'dead-instance', "locked_until" = now() + $2::interval, "run_attempts" = 1, "status" = 'applying', "dry_run" = false WHERE "id" = $1`, [id, until]);

  it("leaves a live instance's run alone, takes over a dead one's and commits it once", async () => {
    const id = await upload();
    await requestImportRun(db, id, "validate", actor);
    expect(await runNextImportJob(db, { runner: "instance-a" })).toBe(true);
    expect(await db.prisma.importJob.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "validated", runWanted: null, lockedBy: null });

    await requestImportRun(db, id, "commit", actor);
    await dieHolding(id, "30 seconds");
    expect(await runNextImportJob(db, { runner: "instance-b" })).toBe(false);
    expect(await imported()).toBe(0);

    await dieHolding(id, "-1 second");
    expect(await runNextImportJob(db, { runner: "instance-b" })).toBe(true);
    const job = await db.prisma.importJob.findUniqueOrThrow({ where: { id } });
    expect(job).toMatchObject({ status: "applied", rowsApplied: 8, runWanted: null, lockedBy: null, runAttempts: 2 });
    expect((await getImportJob(db.prisma, id)).takenOver).toBe(2);
    expect(await imported()).toBe(4);
    // Nothing left to run: a second sweep does nothing, nothing is applied twice.
    expect(await runNextImportJob(db, { runner: "instance-c" })).toBe(false);
    expect(await db.prisma.impact.count({ where: { account: { externalRef: { startsWith: "IMP-" } } } })).toBe(8);
  });

  it("fails a run whose instance keeps dying, applying nothing", async () => {
    const id = await upload();
    await requestImportRun(db, id, "commit", actor);
    await db.driver.query(`UPDATE "import_job" SET "locked_by" = 'dead', "locked_until" = now() - interval '1 second', "run_attempts" = $2 WHERE "id" = $1`, [id, maxRunAttempts]);
    const before = await imported();
    expect(await runNextImportJob(db, { runner: "instance-b" })).toBe(true);
    const job = await db.prisma.importJob.findUniqueOrThrow({ where: { id } });
    expect(job.status).toBe("failed");
    expect(JSON.stringify(job.errors)).toContain("stopped 3 times");
    expect(await imported()).toBe(before);
  });
});
