import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { nginxBinary, startNginx, startPortal, type RunningProcess } from "../helpers/behind-nginx";
import { startMailSink, type MailSink } from "../helpers/mail-sink";

/**
 * The scale-out drill (issue 17, item 2), with real parts only: two app instances and
 * two mail workers on one PostgreSQL database, Debian's nginx in front (deploy/nginx.conf),
 * a real SMTP server as the recipients. Pipeline batches and their replays go through
 * nginx to both instances at once; an import is uploaded through one instance and
 * committed through the other; a second import's commit is SIGKILLed with the instance
 * running it, and the surviving instance takes it over. In the end every account has
 * exactly one restore email at the SMTP server, nothing is half-applied, and the
 * per-category counters equal a recount. Needs TEST_DATABASE_URL (CI sets it) and nginx.
 */
test.describe.configure({ mode: "serial" });
test.skip(!nginxBinary || !process.env.TEST_DATABASE_URL, "needs nginx and TEST_DATABASE_URL (PostgreSQL)");

// The ports of this spec (3261-3279): two instances, nginx, the SMTP sink.
const ports = { a: 3261, b: 3262, nginx: 3263, smtp: 3264 };
const pendingAccounts = 600;
const killedAccounts = 8_000;
const password = "scale-out-drill-password";
const scratch = mkdtempSync(path.join(tmpdir(), "rp-scale-out-"));
const dbName = `rp_scaleout_${ports.a}`;
const serverUrl = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const databaseUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
})();

let sink: MailSink;
let db: pg.Pool;
const instances: Record<"a" | "b", RunningProcess | undefined> = { a: undefined, b: undefined };
const workers: RunningProcess[] = [];
let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;

const common = {
  DATABASE_URL: databaseUrl,
  MAIL_WORKER_IN_PROCESS: "false",
  TRUST_PROXY: "1",
  DEMO: "",
  DEMO_ADMIN_PASSWORD: "",
  // Restore emails leave quickly; a dead instance's import run is taken over quickly.
  MAIL_COALESCE_SECONDS: "1",
  IMPORT_LEASE_SECONDS: "2",
  SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
};

function cli(args: string[]): string {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env: { ...process.env, ...common }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`cli ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function startWorker(name: string): RunningProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], { env: { ...process.env, ...common, MAIL_POLL_MS: "200" }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += String(d)));
  child.stderr!.on("data", (d) => (output += String(d)));
  return {
    child,
    output: () => `${name}: ${output}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

const importCsv = (prefix: string, count: number, state: "pending" | "restored") =>
  [
    "account_ref,email,display_name,locale,category,state,items_total,items_restored",
    ...Array.from({ length: count }, (_, i) => `${prefix}-${i},${prefix.toLowerCase()}${i}@example.com,${prefix} ${i},en,contacts,${state},10,${state === "restored" ? 10 : 0}`),
  ].join("\n") + "\n";

const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n);

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  sink = await startMailSink({}, { port: ports.smtp });
  // One after the other: the first migrates the empty database (the second would wait on its lock).
  instances.a = await startPortal(ports.a, { ...common, DATA_DIR: path.join(scratch, "a") });
  instances.b = await startPortal(ports.b, { ...common, DATA_DIR: path.join(scratch, "b") });
  cli(["create-incident", "--slug", "drill", "--title", "Drill outage", "--categories", "contacts", "--publish"]);
  cli(["create-staff", "--email", "support@example.com", "--role", "support", "--password", password]);
  workers.push(startWorker("worker 1"), startWorker("worker 2"));
  nginx = await startNginx({ port: ports.nginx, upstreamPorts: [ports.a, ports.b], dir: path.join(scratch, "nginx") });
});

test.afterAll(async () => {
  await nginx?.stop();
  await Promise.all([...workers.map((w) => w.stop()), instances.a?.stop(), instances.b?.stop()]);
  await sink?.close();
  await db?.end();
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  rmSync(scratch, { recursive: true, force: true });
});

test("two instances and two workers behind nginx: batches, an import across instances, a SIGKILL mid-commit; one restore email per account", async ({ page }) => {
  test.setTimeout(420_000);
  const a = `http://127.0.0.1:${ports.a}`;
  const b = `http://127.0.0.1:${ports.b}`;
  const viaNginx = `http://127.0.0.1:${ports.nginx}`;
  const key = (JSON.parse(cli(["create-api-key", "--name", "pipeline", "--scope", "restores:write", "--json"])) as { key: string }).key;

  // Signed in on A (nginx sends Host without the port, which this test's odd port makes a
  // cross-origin form post): the session lives in the database, so B knows it too.
  await page.goto(`${a}/admin/sign-in`);
  await page.getByLabel("Email").fill("support@example.com");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  /** Uploads through `uploadVia`, opens the checked job on `commitVia`, and clicks Commit there. */
  const importThrough = async (file: string, uploadVia: string, commitVia: string) => {
    await page.goto(`${uploadVia}/admin/imports`);
    await page.getByLabel("CSV file", { exact: true }).setInputFiles(file);
    await page.getByRole("button", { name: "Upload and check" }).click();
    await expect(page).toHaveURL(/\/admin\/imports\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: "Ready to import" })).toBeVisible({ timeout: 60_000 });
    const jobPath = new URL(page.url()).pathname;
    await page.goto(commitVia + jobPath);
    await page.getByRole("button", { name: "Commit import" }).click();
    return jobPath.split("/").at(-1)!;
  };

  // 1. An import uploaded through A and committed through B: accounts pending, no email yet.
  const pendingFile = path.join(scratch, "pending.csv");
  writeFileSync(pendingFile, importCsv("P", pendingAccounts, "pending"));
  await importThrough(pendingFile, a, b);
  await expect(page.getByRole("heading", { level: 1, name: "Imported" })).toBeVisible({ timeout: 60_000 });
  expect(await count(`SELECT count(*) AS n FROM account WHERE external_ref LIKE 'P-%'`)).toBe(pendingAccounts);

  // 2. The pipeline restores them in batches, each sent twice at once through nginx.
  const batches = Array.from({ length: 6 }, (_, n) => ({
    incident: "drill",
    items: Array.from({ length: pendingAccounts / 6 }, (_, j) => {
      const i = n * (pendingAccounts / 6) + j;
      return { account: `P-${i}`, category: "contacts", state: "restored", itemsRestored: 10, key: `drill-P-${i}` };
    }),
  }));
  const post = (batch: (typeof batches)[number]) =>
    fetch(`${viaNginx}/api/v1/restores`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(batch) });
  const answers = await Promise.all(batches.flatMap((batch) => [post(batch), post(batch)]));
  expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200));
  const bodies = (await Promise.all(answers.map((r) => r.json()))) as { applied: number; duplicate: number; rejected: number }[];
  const total = (k: "applied" | "duplicate" | "rejected") => bodies.reduce((sum, r) => sum + r[k], 0);
  expect({ applied: total("applied"), duplicate: total("duplicate"), rejected: total("rejected") }).toEqual({ applied: pendingAccounts, duplicate: pendingAccounts, rejected: 0 });
  const origins = new Set(nginx!.accessLog().filter((l) => l.includes("|/api/v1/restores|")).map((l) => l.split("|")[1]));
  expect([...origins].sort()).toEqual([`127.0.0.1:${ports.a}`, `127.0.0.1:${ports.b}`]);

  // 3. An import committed through B, and B SIGKILLed in the middle of that commit.
  const killedFile = path.join(scratch, "killed.csv");
  writeFileSync(killedFile, importCsv("K", killedAccounts, "restored"));
  const pidB = instances.b!.child.pid!;
  const jobId = await importThrough(killedFile, a, b);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = (await db.query<{ locked_by: string | null; status: string; dry_run: boolean }>(`SELECT locked_by, status, dry_run FROM import_job WHERE id = $1`, [jobId])).rows[0];
    if (job?.locked_by?.startsWith(`import-${pidB}-`) && !job.dry_run && ["validating", "applying"].includes(job.status)) break;
    if (job?.status === "applied") throw new Error("the commit finished before B could be killed");
    if (Date.now() > deadline) throw new Error(`B never started the commit: ${JSON.stringify(job)}\n${instances.b!.output()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  instances.b!.child.kill("SIGKILL");
  await new Promise<void>((resolve) => (instances.b!.child.exitCode !== null || instances.b!.child.signalCode !== null ? resolve() : instances.b!.child.once("exit", () => resolve())));
  // Nothing of the killed attempt is in the real tables.
  expect(await count(`SELECT count(*) AS n FROM account WHERE external_ref LIKE 'K-%'`)).toBe(0);

  // A's sweeper takes the run over once B's lease has run out; its page says so.
  await page.goto(`${a}/admin/imports/${jobId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Imported" })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByText("another took it over")).toBeVisible();
  expect(await count(`SELECT count(*) AS n FROM account WHERE external_ref LIKE 'K-%'`)).toBe(killedAccounts);

  // Through nginx the public status still answers (B is out of the upstream's rotation).
  expect((await fetch(`${viaNginx}/api/v1/status`)).status).toBe(200);

  // 4. The workers send everything: one restore email per account, none twice.
  const everyone = pendingAccounts + killedAccounts;
  await expect.poll(() => count(`SELECT count(*) AS n FROM email_outbox WHERE kind = 'restore' AND status = 'sent'`), { timeout: 180_000, intervals: [500] }).toBe(everyone);
  await expect.poll(() => sink.received.length, { timeout: 30_000 }).toBe(everyone);
  const perAddress = new Map<string, number>();
  for (const m of sink.received) perAddress.set(m.to, (perAddress.get(m.to) ?? 0) + 1);
  expect(perAddress.size).toBe(everyone);
  expect([...perAddress.values()].filter((n) => n !== 1)).toEqual([]);
  expect(await count(`SELECT count(*) AS n FROM email_outbox WHERE kind = 'restore'`)).toBe(everyone);

  // 5. Nothing half-applied, counters equal a recount.
  // Each account's restore applied once: the pipeline's (P-*) by its key, the import's (K-*) once.
  expect(await count(`SELECT count(*) AS n FROM restore_event WHERE to_state = 'restored'`)).toBe(everyone);
  const recount = await db.query(
    `SELECT category_id, count(*)::int AS accounts, count(*) FILTER (WHERE state = 'restored')::int AS restored, count(*) FILTER (WHERE state = 'pending')::int AS pending, sum(items_restored)::text AS items_restored FROM impact GROUP BY category_id ORDER BY category_id`,
  );
  const counters = await db.query(`SELECT category_id, accounts, restored, pending, items_restored::text FROM category_aggregate ORDER BY category_id`);
  expect(counters.rows).toEqual(recount.rows);
  expect(recount.rows).toEqual([expect.objectContaining({ accounts: everyone, restored: everyone, pending: 0 })]);
});
