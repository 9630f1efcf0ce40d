import { describe, expect, it, vi } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { postIncidentUpdate } from "@/lib/incidents/post-incident-update";
import { getJob, runNextJob } from "@/lib/jobs/background-jobs";
import { jobHandlers } from "@/lib/jobs/job-kinds";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

/**
 * The fan-out of an update as a background job (lib/mail/fanout-job.ts): created with the
 * update, run at once by the publishing instance, taken over when that instance died,
 * and never queueing an email twice.
 */
const editor: Principal = { role: "editor", staffId: null, actor: { type: "staff", id: null, label: "editor@example.com" } };

describe("update fan-out as a background job", async () => {
  const db = await useTestDatabase();
  const { incident } = await createIncidentWithAccounts(db, { accounts: 5, slug: "fanout" });
  const post = (client = db.prisma as Parameters<typeof postIncidentUpdate>[0]) =>
    postIncidentUpdate(client, editor, { incidentId: incident.id, status: "recovering", body: "Contacts are back.", notifySubscribers: true });
  const updateEmails = () => db.prisma.emailOutbox.count({ where: { kind: "incident_update" } });
  const fanoutJobs = () => db.prisma.backgroundJob.findMany({ where: { kind: "fanout" }, orderBy: { createdAt: "asc" } });

  it("queues every email at once on the publishing instance, and marks its job done", async () => {
    const posted = await post();
    expect(posted.emailsQueued).toBe(5);
    const [job] = await fanoutJobs();
    expect(await getJob(db.prisma, job!.id)).toMatchObject({ status: "done", running: false, attempts: 1, takenOver: false, outcome: { status: "done", emailsQueued: 5 } });
    // Nothing left for a sweeper.
    expect(await runNextJob(db, jobHandlers)).toBe(false);
  });

  it("published inside a larger transaction: the job commits with it and a sweeper runs it", async () => {
    const before = await updateEmails();
    const posted = await db.prisma.$transaction((tx) => post(tx));
    expect(posted.emailsQueued).toBe(0);
    expect(await updateEmails()).toBe(before);
    expect(await runNextJob(db, jobHandlers, { runner: "sweeper" })).toBe(true);
    expect(await updateEmails()).toBe(before + 5);
  });

  it("a fan-out whose instance died is taken over and queued once; one taken over after its commit queues nothing more", async () => {
    const before = await updateEmails();
    const posted = await db.prisma.$transaction((tx) => post(tx));
    const job = (await fanoutJobs()).at(-1)!;
    // The publishing instance claimed it and died: its transaction rolled back, its lease runs out.
    await db.driver.query(`UPDATE background_job SET locked_by = 'dead', locked_until = now() + interval '1 hour', run_attempts = 1 WHERE id = $1`, [job.id]);
    expect(await runNextJob(db, jobHandlers, { runner: "alive" })).toBe(false);
    await db.driver.query(`UPDATE background_job SET locked_until = now() - interval '1 second' WHERE id = $1`, [job.id]);
    expect(await runNextJob(db, jobHandlers, { runner: "alive" })).toBe(true);
    expect(await getJob(db.prisma, job.id)).toMatchObject({ status: "done", takenOver: true, attempts: 2, outcome: { emailsQueued: 5 } });
    expect(await updateEmails()).toBe(before + 5);

    // Died after its commit, before letting go: the next claim finds it done.
    await db.driver.query(`UPDATE background_job SET run_wanted = 'queue', locked_by = 'dead', locked_until = now() - interval '1 second' WHERE id = $1`, [job.id]);
    expect(await runNextJob(db, jobHandlers, { runner: "alive" })).toBe(true);
    expect(await updateEmails()).toBe(before + 5);
    expect(await getJob(db.prisma, job.id)).toMatchObject({ status: "done", outcome: { emailsQueued: 5 } });
    expect(posted.id).toBeTruthy();
  });

  it("gives a job up after its instances died three times, saying nothing was applied", async () => {
    const before = await updateEmails();
    await db.prisma.$transaction((tx) => post(tx));
    const job = (await fanoutJobs()).at(-1)!;
    await db.driver.query(`UPDATE background_job SET locked_by = 'dead', locked_until = now() - interval '1 second', run_attempts = 3 WHERE id = $1`, [job.id]);
    expect(await runNextJob(db, jobHandlers, { runner: "alive" })).toBe(true);
    expect(await getJob(db.prisma, job.id)).toMatchObject({ status: "failed", running: false, outcome: { status: "failed", message: expect.stringContaining("stopped 3 times; nothing of it was applied") } });
    expect(await updateEmails()).toBe(before);
  });

  it("a job of a kind nobody handles fails, saying so, and is not retried", async () => {
    const job = await db.prisma.backgroundJob.create({ data: { kind: "nonsense", runWanted: "queue" } });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await runNextJob(db, jobHandlers, { runner: "alive" })).toBe(true);
    expect(await getJob(db.prisma, job.id)).toMatchObject({ status: "failed", running: false, outcome: { status: "failed" } });
    expect(await runNextJob(db, jobHandlers, { runner: "alive" })).toBe(false);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(job.id), expect.objectContaining({ message: expect.stringContaining("no handler") }));
  });
});
