import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createImportJob, importUploadSource } from "@/lib/imports/create-import-job";
import { runNextImportJob } from "@/lib/imports/import-job-runner";
import { runImport } from "@/lib/imports/run-import";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

/**
 * The kill drill for imports, with real processes on one PostgreSQL: an instance commits
 * an import and is killed with SIGKILL in the middle of it; nothing of it is applied;
 * after its lease runs out another instance takes the run over and applies it once:
 * every account once, one restore email per account that reached a terminal state,
 * and the per-category counters equal a recount.
 */
const accounts = 6_000;
const csv = () => {
  const lines = ["account_ref,email,display_name,locale,category,state,items_total,items_restored"];
  for (let i = 0; i < accounts; i++) {
    const state = i % 3 === 0 ? "restored" : i % 3 === 1 ? "pending" : "partial";
    lines.push(`KILL-${i},k${i}@example.com,Kill ${i},en,contacts,${state},100,${state === "pending" ? 0 : state === "partial" ? 40 : 100}`);
  }
  return `${lines.join("\n")}\n`;
};

describe("an import commit survives the SIGKILL of its instance", { timeout: 180_000 }, () => {
  it("applies nothing half, then exactly once after the takeover", async () => {
    const db = await useTestDatabase();
    await createIncidentWithAccounts(db, { accounts: 1, slug: "kill", categories: ["contacts"] });
    const { id } = await createImportJob(db, { fileName: "kill.csv", body: new Blob([csv()]).stream(), maxBytes: 1 << 26 });
    const dry = await runImport(db, { jobId: id, source: importUploadSource(db, id), commit: false, actor: { type: "system", id: null, label: "t" } });
    expect(dry).toMatchObject({ rowsRejected: 0, rowsRead: accounts });

    const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/import-run-child.ts", id], {
      env: { ...process.env, DATABASE_URL: db.url! },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += String(d)));
    child.stderr!.on("data", (d) => (output += String(d)));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    // Kill it once it holds the run and is reading the file inside its commit.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [job] = await db.driver.query<{ locked_by: string | null; status: string; dry_run: boolean }>(`SELECT locked_by, status, dry_run FROM import_job WHERE id = $1`, [id]);
      if (job?.locked_by === "instance-killed" && job.status === "validating" && !job.dry_run) break;
      if (child.exitCode !== null) throw new Error(`the instance finished before it could be killed:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the instance never started the commit:\n${output}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill("SIGKILL");
    await exited;

    const count = async (sql: string) => Number((await db.driver.query<{ n: string }>(sql))[0]!.n);
    expect(await count(`SELECT count(*) AS n FROM account WHERE external_ref LIKE 'KILL-%'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM email_outbox WHERE kind = 'restore'`)).toBe(0);

    // Another instance: nothing to take while the dead one's lease runs, then the run.
    expect(await runNextImportJob(db, { runner: "instance-alive", leaseSeconds: 30 })).toBe(false);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await runNextImportJob(db, { runner: "instance-alive", leaseSeconds: 30 })).toBe(true);

    const job = await db.prisma.importJob.findUniqueOrThrow({ where: { id } });
    expect(job).toMatchObject({ status: "applied", rowsApplied: accounts, runAttempts: 2, lockedBy: null });
    expect(await count(`SELECT count(*) AS n FROM account WHERE external_ref LIKE 'KILL-%'`)).toBe(accounts);
    // One restore email per account in a terminal state (restored, partial): 2 of 3.
    const terminal = Array.from({ length: accounts }, (_, i) => i % 3 !== 1).filter(Boolean).length;
    expect(await count(`SELECT count(*) AS n FROM email_outbox WHERE kind = 'restore'`)).toBe(terminal);
    expect(await count(`SELECT count(*) AS n FROM (SELECT account_id FROM email_outbox WHERE kind = 'restore' GROUP BY account_id HAVING count(*) > 1) d`)).toBe(0);
    const recount = await db.driver.query(
      `SELECT category_id, count(*)::int AS accounts, count(*) FILTER (WHERE state = 'restored')::int AS restored, count(*) FILTER (WHERE state = 'partial')::int AS partial, sum(items_restored)::text AS items_restored FROM impact GROUP BY category_id ORDER BY category_id`,
    );
    const counters = await db.driver.query(`SELECT category_id, accounts, restored, partial, items_restored::text FROM category_aggregate ORDER BY category_id`);
    expect(counters).toEqual(recount);
  });
});
