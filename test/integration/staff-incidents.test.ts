import { describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { createIncident } from "@/lib/incidents/create-incident";
import { postIncidentUpdate } from "@/lib/incidents/post-incident-update";
import { publishIncident } from "@/lib/incidents/publish-incident";
import { updateIncident, type IncidentConflict } from "@/lib/incidents/update-incident";
import { getStatusOverview } from "@/lib/status/get-status-overview";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { useTestDatabase } from "../helpers/db";

function as(role: StaffRole, id: string | null = null): Principal {
  return { role, staffId: id, actor: { type: "staff", id, label: `${role}@example.com`, ip: "203.0.113.9" } };
}

const draft = {
  slug: "mail-outage",
  title: "Mail outage",
  summary: "Mailboxes were emptied by a faulty migration.",
  impact: "major",
  startedAt: "2026-11-20T08:00:00Z",
  categories: "Mail, Contacts, Calendar",
} as const;

describe("incidents and updates", async () => {
  const db = await useTestDatabase();
  const editor = as("editor");

  it("viewer and support cannot create, edit, publish or post updates", async () => {
    const { id } = await createIncident(db.prisma, editor, { ...draft, slug: "roles-check" });
    for (const role of ["viewer", "support"] as const) {
      await expect(createIncident(db.prisma, as(role), { ...draft, slug: `by-${role}` })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(updateIncident(db.prisma, as(role), { ...draft, id, version: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(publishIncident(db.prisma, as(role), id)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(postIncidentUpdate(db.prisma, as(role), { incidentId: id, status: "identified", body: "not allowed" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    expect(await db.prisma.incidentUpdate.count({ where: { incidentId: id } })).toBe(0);
    expect(await db.prisma.incident.count({ where: { slug: { startsWith: "by-" } } })).toBe(0);
    await expect(createIncident(db.prisma, as("admin"), { ...draft, slug: "by-admin" })).resolves.toMatchObject({ slug: "by-admin" });
  });

  it("creates a draft with its categories, publishes it, and audits each write", async () => {
    const { id } = await createIncident(db.prisma, editor, draft);
    const categories = await db.prisma.dataCategory.findMany({ where: { incidentId: id }, orderBy: { position: "asc" } });
    expect(categories.map((c) => c.key)).toEqual(["mail", "contacts", "calendar"]);
    expect((await getStatusOverview(db.prisma)).active.map((i) => i.slug)).not.toContain("mail-outage");
    await publishIncident(db.prisma, editor, id);
    await publishIncident(db.prisma, editor, id); // no-op, not an error
    expect((await getStatusOverview(db.prisma)).active.map((i) => i.slug)).toContain("mail-outage");
    const audit = await db.prisma.auditLog.findMany({ where: { targetId: id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["incident.create", "incident.publish"]);
    expect(audit[0]).toMatchObject({ actorLabel: "editor@example.com", ip: "203.0.113.9" });
    await expect(createIncident(db.prisma, editor, draft)).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("the second editor's save gets a conflict with both versions, never an overwrite", async () => {
    const { id } = await createIncident(db.prisma, editor, { ...draft, slug: "conflict-case" });
    // Both editors opened version 1.
    await updateIncident(db.prisma, as("editor", null), { ...draft, id, version: 1, summary: "First editor's summary." });
    const second = updateIncident(db.prisma, as("admin"), { ...draft, id, version: 1, summary: "Second editor's summary." });
    await expect(second).rejects.toMatchObject({ code: "CONFLICT", status: 409 });
    const error = (await second.catch((e: unknown) => e)) as { details: IncidentConflict };
    expect(error.details.current).toMatchObject({ summary: "First editor's summary.", version: 2 });
    expect(error.details.yours).toMatchObject({ summary: "Second editor's summary.", version: 1 });
    const saved = await db.prisma.incident.findUniqueOrThrow({ where: { id } });
    expect(saved).toMatchObject({ summary: "First editor's summary.", version: 2 });
    // Based on the current version, the save goes through.
    await expect(updateIncident(db.prisma, as("admin"), { ...draft, id, version: 2, summary: "Merged." })).resolves.toMatchObject({ version: 3 });
    expect(await db.prisma.auditLog.count({ where: { targetId: id, action: "incident.update" } })).toBe(2);
  });

  it("posting an update moves the status, records the author and the notify flag, and rejects bad input", async () => {
    const { id } = await createIncident(db.prisma, editor, { ...draft, slug: "updates-case" });
    const posted = await postIncidentUpdate(db.prisma, editor, { incidentId: id, status: "recovering", body: "Restores **started**.", notifySubscribers: "on" });
    expect(posted.emailsQueued).toBe(0); // the mail area's fan-out fills this in
    const update = await db.prisma.incidentUpdate.findUniqueOrThrow({ where: { id: posted.id } });
    expect(update).toMatchObject({ status: "recovering", notifySubscribers: true, body: "Restores **started**." });
    await postIncidentUpdate(db.prisma, editor, { incidentId: id, status: "resolved", body: "All done." });
    const incident = await db.prisma.incident.findUniqueOrThrow({ where: { id } });
    expect(incident.status).toBe("resolved");
    expect(incident.resolvedAt).not.toBeNull();
    await expect(postIncidentUpdate(db.prisma, editor, { incidentId: id, status: "sleeping" as "resolved", body: "x y z" })).rejects.toMatchObject({
      name: "ZodError",
    });
    await expect(
      postIncidentUpdate(db.prisma, editor, { incidentId: "00000000-0000-4000-8000-000000000000", status: "resolved", body: "nobody" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
