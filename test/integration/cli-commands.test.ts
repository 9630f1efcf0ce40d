import { describe, expect, it } from "vitest";
import { commands } from "../../scripts/cli/commands";
import { cli } from "../helpers/cli";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

/** Every command in this process, on this file's database (the process-level runs are in cli-day-one). */
describe("CLI commands", async () => {
  const db = await useTestDatabase();

  it("every command has its own --help naming its options; the list names every command", async () => {
    const main = await cli(db, ["--help"]);
    expect(main.code).toBe(0);
    for (const command of commands) {
      expect(main.stdout).toContain(command.name);
      const help = await cli(db, [command.name, "--help"]);
      expect(help.code, command.name).toBe(0);
      expect(help.stdout).toContain(`Usage: npm run cli -- ${command.name}`);
      for (const option of [...Object.keys(command.options), "json", "help"]) expect(help.stdout, `${command.name} --${option}`).toContain(`--${option}`);
      expect(help.stdout).toContain("Exit status");
    }
    const unknown = await cli(db, ["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown command: frobnicate");
    const badFlag = await cli(db, ["status", "--incident", "x", "--colour"]);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("--colour");
    const missing = await cli(db, ["create-incident", "--slug", "x", "--json"]);
    expect(missing.code).toBe(2);
    expect(missing.json()).toEqual({ error: { code: "USAGE", message: expect.stringContaining("--title") } });
  });

  it("create-incident names an unknown or repeated category key, and creates nothing", async () => {
    const unknown = await cli(db, ["create-incident", "--slug", "typo", "--title", "Typo", "--categories", "contacts,fotos"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--categories: unknown category "fotos"');
    const repeated = await cli(db, ["create-incident", "--slug", "typo", "--title", "Typo", "--categories", "contacts,calendar,Contacts", "--json"]);
    expect(repeated.code).toBe(2);
    expect(repeated.json()).toMatchObject({ error: { code: "VALIDATION", message: '--categories: category "contacts" is named twice', details: { key: "contacts" } } });
    const badSlug = await cli(db, ["create-incident", "--slug", "Not A Slug!", "--title", "Typo", "--categories", "contacts"]);
    expect(badSlug.code).toBe(2);
    expect(badSlug.stderr).toContain("--slug: lower-case letters, digits and hyphens");
    expect(await db.prisma.incident.count()).toBe(0);
  });

  it("create-incident creates a draft (or publishes it) with the categories in order; a taken slug exits 1", async () => {
    const created = await cli(db, ["create-incident", "--slug", "sync-outage", "--title", "Sync outage", "--categories", "contacts, calendar,voicemail=Voicemail", "--json"]);
    expect(created.code).toBe(0);
    expect(created.json()).toMatchObject({ slug: "sync-outage", published: false, categories: [{ key: "contacts", label: "Contacts" }, { key: "calendar", label: "Calendar" }, { key: "voicemail", label: "Voicemail" }] });
    const incident = await db.prisma.incident.findUniqueOrThrow({ where: { slug: "sync-outage" }, include: { categories: { orderBy: { position: "asc" } } } });
    expect(incident.publishedAt).toBeNull();
    expect(incident.summary).toBe("Sync outage");
    expect(incident.categories.map((c) => [c.key, c.label, c.position])).toEqual([["contacts", "Contacts", 1], ["calendar", "Calendar", 2], ["voicemail", "Voicemail", 3]]);
    const taken = await cli(db, ["create-incident", "--slug", "sync-outage", "--title", "Again", "--categories", "contacts"]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("--slug: An incident with the address sync-outage already exists.");
    const published = await cli(db, ["create-incident", "--slug", "second", "--title", "Second", "--categories", "photos", "--publish", "--impact", "minor"]);
    expect(published.code).toBe(0);
    expect(published.stdout).toContain("Published: ");
    expect((await db.prisma.incident.findUniqueOrThrow({ where: { slug: "second" } })).publishedAt).not.toBeNull();
    const audit = await db.prisma.auditLog.findMany({ orderBy: { id: "asc" }, select: { action: true, actorType: true } });
    expect(audit).toEqual([
      { action: "incident.create", actorType: "system" },
      { action: "incident.create", actorType: "system" },
      { action: "incident.publish", actorType: "system" },
    ]);
  });

  it("publish-update refuses empty or non-UTF-8 stdin and publishes nothing; otherwise publishes the draft with its update", async () => {
    const incident = await db.prisma.incident.findUniqueOrThrow({ where: { slug: "sync-outage" } });
    const args = ["publish-update", "--incident", "sync-outage", "--status", "recovering"];
    const empty = await cli(db, args, "  \n\n");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("The update's text on stdin is empty. Nothing was published.");
    const latin1 = await cli(db, args, Buffer.from("Line one\nCaf\xe9 ferm\xe9\n", "latin1"));
    expect(latin1.code).toBe(2);
    expect(latin1.stderr).toContain("not valid UTF-8 (first bad byte on line 2)");
    const utf16 = await cli(db, args, Buffer.from("\ufeffRestores have started.", "utf16le"));
    expect(utf16.code).toBe(2);
    const badStatus = await cli(db, ["publish-update", "--incident", "sync-outage", "--status", "fixed"], "Body text here.");
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain("--status:");
    const unknown = await cli(db, ["publish-update", "--incident", "nope", "--status", "recovering"], "Body text here.");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('--incident: No incident has the address "nope".');
    expect(await db.prisma.incidentUpdate.count()).toBe(0);
    expect((await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).publishedAt).toBeNull();

    const posted = await cli(db, [...args, "--json"], "\ufeffRestores have **started**, contacts first. Café.\n");
    expect(posted.code).toBe(0);
    expect(posted.json()).toMatchObject({ incident: "sync-outage", status: "recovering", incidentPublished: true, emailsQueued: 0 });
    const after = await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id }, include: { updates: true } });
    expect(after.publishedAt).not.toBeNull();
    expect(after.status).toBe("recovering");
    expect(after.updates.map((u) => u.body)).toEqual(["Restores have **started**, contacts first. Café."]);

    await db.prisma.subscriber.create({ data: { email: "fan@example.com", confirmedAt: new Date(), unsubscribeTokenHash: "h1", subscriptions: { create: { scope: "all" } } } });
    const notified = await cli(db, ["publish-update", "--incident", "sync-outage", "--status", "monitoring", "--notify"], "Everything is back.");
    expect(notified.code).toBe(0);
    expect(notified.stdout).toContain("Emails queued: 1.");
    expect(notified.stdout).not.toContain("now public");
  });

  it("publish-letter publishes revision 1, refuses a silent replacement, and publishes a correction with a note", async () => {
    const base = ["publish-letter", "--incident", "sync-outage", "--title", "An apology to our customers", "--signatory", "Jane Doe, Chief Executive Officer"];
    const noComma = await cli(db, ["publish-letter", "--incident", "sync-outage", "--title", "An apology", "--signatory", "Jane Doe"], "Dear customers, we are sorry.");
    expect(noComma.code).toBe(2);
    expect(noComma.stderr).toContain("--signatory:");
    expect((await cli(db, base, "")).code).toBe(2);
    expect((await cli(db, base, Buffer.from([0x44, 0x65, 0x61, 0x72, 0xff, 0xfe]))).code).toBe(2);
    expect(await db.prisma.letter.count()).toBe(0);

    const first = await cli(db, [...base, "--json"], "Dear customers,\n\nwe lost your data and we are sorry.");
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ slug: "an-apology-to-our-customers", revision: 1, corrected: false });
    const letter = await db.prisma.letter.findUniqueOrThrow({ where: { slug: "an-apology-to-our-customers" }, include: { revisions: true } });
    expect(letter.revisions).toMatchObject([{ revision: 1, signatoryName: "Jane Doe", signatoryTitle: "Chief Executive Officer" }]);

    const again = await cli(db, base, "Dear customers,\n\nwe lost your data. Sorry.");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("--correction:");
    const corrected = await cli(db, [...base, "--correction", "Named the restore order."], "Dear customers,\n\nwe lost your data; contacts come back first.");
    expect(corrected.code).toBe(0);
    expect(corrected.stdout).toContain("correction (revision 2)");
    const revisions = await db.prisma.letterRevision.findMany({ where: { letterId: letter.id }, orderBy: { revision: "asc" } });
    expect(revisions.map((r) => [r.revision, r.correctionNote])).toEqual([[1, null], [2, "Named the restore order."]]);
  });

  it("status counts accounts per category and state from the aggregates, and the mail queue", async () => {
    const { incident, categories } = await createIncidentWithAccounts(db, { accounts: 3, slug: "counted", categories: ["contacts", "photos"] });
    const contacts = categories[0]!;
    await db.prisma.impact.updateMany({ where: { incidentId: incident.id, categoryId: contacts.id }, data: { state: "restored", itemsRestored: 100 } });
    const status = await cli(db, ["status", "--incident", "counted", "--json"]);
    expect(status.code).toBe(0);
    const report = status.json() as { categories: Record<string, unknown>[]; mail: Record<string, number> };
    expect(report.categories).toMatchObject([
      { key: "contacts", affected: 3, restored: 3, pending: 0, percentRestored: 100 },
      { key: "photos", affected: 3, restored: 0, pending: 3, percentRestored: 0 },
    ]);
    const queued = await db.prisma.emailOutbox.count({ where: { status: "queued" } });
    expect(queued).toBeGreaterThan(0);
    expect(report.mail).toMatchObject({ queued, depth: queued });
    const text = await cli(db, ["status", "--incident", "counted"]);
    expect(text.stdout).toMatch(/contacts\s+3\s+0\s+0\s+3\s+0\s+0\s+0\s+100\.0/);
    expect(text.stdout).toContain(`Mail outbox (all incidents): ${queued} waiting`);
    expect((await cli(db, ["status", "--incident", "nope"])).code).toBe(1);
  });
});
