import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/v1/restores/route";
import { createApiKey } from "@/lib/auth/api-keys";
import { openDatabase, setDatabase, type Database } from "@/lib/db";
import { createImportJob, importUploadSource } from "@/lib/imports/create-import-job";
import { requestImportRun, runNextImportJob } from "@/lib/imports/import-job-runner";
import { runImport } from "@/lib/imports/run-import";
import { createTransport } from "@/lib/mail/transport";
import { startMailWorker } from "@/lib/mail/worker";
import { migrate } from "@/lib/migrate";
import { startMailSink, type MailSink } from "../helpers/mail-sink";
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from "../helpers/private-postgres";

/**
 * The restart drill (issue 17, item 4): a PostgreSQL server of the drill's own (a random
 * high port; the shared one serves every other test) restarted in the middle of a pipeline
 * batch, of an import commit and of mail sending. The API answers 503 with Retry-After and
 * its retry is idempotent; the import's transaction rolls back and the run is done again;
 * the mail worker carries on; nothing is lost, and duplicate emails are only those sent
 * between the SMTP server's 250 and the "sent" mark the restart cut off, counted.
 */
process.env.MAIL_COALESCE_SECONDS = "0";
process.env.IMPORT_LEASE_SECONDS = "2";

const accounts = 10_000;
const csv = () =>
  [
    "account_ref,email,display_name,locale,category,state,items_total,items_restored",
    ...Array.from({ length: accounts }, (_, i) => `R-${i},r${i}@example.com,Restart ${i},en,contacts,pending,10,0`),
  ].join("\n") + "\n";

describe.skipIf(!privatePostgresAvailable)("PostgreSQL restarted under load", { timeout: 300_000 }, () => {
  let server: PrivatePostgres;
  let db: Database;
  let sink: MailSink;
  const count = async (sql: string) => Number((await db.driver.query<{ n: string }>(sql))[0]!.n);
  /** Waits until a statement matching `like` runs on the server, then restarts it. */
  const restartDuring = async (like: string, started: () => boolean, waitEventType?: string) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [row] = await db.driver
        .query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE $1 AND ($2::text IS NULL OR wait_event_type = $2)`,
          [like, waitEventType ?? null],
        )
        .catch(() => [{ n: "0" }]);
      if (Number(row?.n) > 0 && started()) break;
      if (Date.now() > deadline) throw new Error(`no statement like ${like} ran`);
      await new Promise((r) => setTimeout(r, 5));
    }
    server.restart();
  };

  beforeAll(async () => {
    server = startPrivatePostgres();
    db = await openDatabase({ url: server.url, max: 6 });
    await migrate(db.driver);
    setDatabase(db);
    sink = await startMailSink();
    await db.prisma.incident.create({
      data: {
        slug: "restart",
        title: "Restart drill",
        summary: "x",
        status: "recovering",
        startedAt: new Date(),
        publishedAt: new Date(),
        categories: { create: [{ key: "contacts", label: "Contacts", position: 1 }] },
      },
    });
  });
  afterAll(async () => {
    try {
      await Promise.race([Promise.all([db?.close(), sink?.close()]), new Promise((r) => setTimeout(r, 10_000))]);
    } finally {
      server?.stop();
    }
  });

  it("an import commit cut by the restart rolls back whole, and its run is done again", async () => {
    const { id } = await createImportJob(db, { fileName: "restart.csv", body: new Blob([csv()]).stream(), maxBytes: 1 << 26 });
    const dry = await runImport(db, { jobId: id, source: importUploadSource(db, id), commit: false, actor: { type: "system", id: null, label: "drill" } });
    expect(dry).toMatchObject({ rowsRejected: 0, rowsRead: accounts });
    await db.prisma.importJob.update({ where: { id }, data: { status: "applying", dryRun: false } });
    await requestImportRun(db, id, "commit", { type: "system", id: null, label: "drill" });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const run = runNextImportJob(db, { jobId: id, runner: "restarted" });
    await restartDuring("%import_stage%", () => true);
    expect(await run).toBe(true);
    logged.mockRestore();
    expect(await count(`SELECT count(*) AS n FROM account`)).toBe(0);
    // The run is still wanted: any instance's sweeper claims it again a few seconds later.
    const [job] = await db.driver.query<{ run_wanted: string | null }>(`SELECT run_wanted FROM import_job WHERE id = $1`, [id]);
    expect(job?.run_wanted).toBe("commit");
    await new Promise((r) => setTimeout(r, 3_500));
    expect(await runNextImportJob(db, { runner: "sweeper" })).toBe(true);
    expect(await db.prisma.importJob.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "applied", rowsApplied: accounts });
    expect(await count(`SELECT count(*) AS n FROM account`)).toBe(accounts);
  });

  it("a pipeline batch cut by the restart answers 503 with Retry-After; the retry applies it once, a replay is all duplicates", async () => {
    const key = await createApiKey(db.prisma, { name: "pipeline", scopes: ["restores:write"] });
    const batch = JSON.stringify({
      incident: "restart",
      items: Array.from({ length: accounts }, (_, i) => ({ account: `R-${i}`, category: "contacts", state: "restored", itemsRestored: 10, key: `restart-${i}` })),
    });
    const post = () =>
      POST(new Request("http://localhost/api/v1/restores", { method: "POST", headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" }, body: batch }));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    // Hold the batch in the middle of its transaction: another session locks restore_event,
    // so the batch's statement waits there until the restart cuts every connection.
    const blocker = new pg.Client({ connectionString: server.url });
    blocker.on("error", () => {});
    await blocker.connect();
    await blocker.query(`BEGIN; LOCK TABLE restore_event IN SHARE MODE`);
    const cut = post();
    await restartDuring("%", () => true, "Lock");
    await blocker.end().catch(() => {});
    const answer = await cut;
    logged.mockRestore();
    expect(answer.status).toBe(503);
    expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe("UNAVAILABLE");
    expect(await count(`SELECT count(*) AS n FROM restore_event WHERE to_state = 'restored'`)).toBe(0);

    const retried = await post();
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ applied: accounts, duplicate: 0, rejected: 0 });
    const replay = await post();
    expect(await replay.json()).toMatchObject({ applied: 0, duplicate: accounts, rejected: 0 });
    expect(await count(`SELECT count(*) AS n FROM email_outbox WHERE kind = 'restore'`)).toBe(accounts);
  });

  it("mail sending carries on after the restart: every email sent, duplicates only from the cut-off marks, counted", async () => {
    const warnings: string[] = [];
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const worker = startMailWorker({ db, transport: createTransport(db, { smtpUrl: sink.url, maxConnections: 4 }), pollMs: 100, backoffBaseSeconds: 0.2, log: (m) => warnings.push(m), concurrency: 4 });
    try {
      await expect.poll(() => sink.received.length, { timeout: 60_000, interval: 5 }).toBeGreaterThan(500);
      server.restart();
      await expect
        .poll(() => count(`SELECT count(*) AS n FROM email_outbox WHERE status = 'sent'`).catch(() => -1), { timeout: 180_000, interval: 500 })
        .toBe(accounts);
    } finally {
      await worker.stop();
      logged.mockRestore();
    }
    const distinct = new Set(sink.received.map((m) => m.messageId));
    const duplicates = sink.received.length - distinct.size;
    const addresses = new Set(sink.received.map((m) => m.to));
    expect(addresses.size).toBe(accounts);
    // At least once: a message accepted by the SMTP server whose "sent" mark the restart cut
    // off is sent again; at most the worker's in-flight window plus one pending mark batch.
    console.log(`restart drill: ${sink.received.length} messages received, ${duplicates} duplicates; worker warnings: ${warnings.length}`);
    expect(duplicates).toBeLessThanOrEqual(16 + 200);
    expect(await count(`SELECT count(*) AS n FROM email_outbox WHERE status <> 'sent'`)).toBe(0);
  });
});
