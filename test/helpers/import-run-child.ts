import { openDatabase } from "../../lib/db";
import { requestImportRun, runNextImportJob } from "../../lib/imports/import-job-runner";

/**
 * One "instance" that commits an import (the drill kills it midway with SIGKILL):
 * `tsx test/helpers/import-run-child.ts <job id>` with DATABASE_URL set.
 */
const jobId = process.argv[2]!;
const db = await openDatabase({ url: process.env.DATABASE_URL, max: 4 });
await requestImportRun(db, jobId, "commit", { type: "staff", id: null, label: "drill@example.com" });
await runNextImportJob(db, { jobId, runner: "instance-killed", leaseSeconds: 2 });
await db.close();
