import { describe, expect, it } from "vitest";
import { cliPrincipal } from "../../lib/auth/principal";
import { AppError } from "../../lib/errors";
import { createPostIncidentReport } from "../../lib/letters/create-post-incident-report";
import { postIncidentReportSections } from "../../lib/letters/post-incident-report";
import { publishLetter } from "../../lib/letters/publish-letter";
import { saveLetter } from "../../lib/letters/save-letter";
import { applyStateChanges } from "../../lib/restores/apply-state-changes";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";

const db = await useTestDatabase();
const { incident, categories, accounts } = await createIncidentWithAccounts(db, { accounts: 4, categories: ["contacts", "photos"], itemsTotal: 50 });
const [, photos] = categories as [(typeof categories)[number], (typeof categories)[number]];
const editor = { ...cliPrincipal(), role: "editor" as const };
const system = { type: "system" as const, id: null, label: "test" };
const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof AppError ? e : Promise.reject(e)));

await db.prisma.$transaction((tx) => applyStateChanges(tx, [{ accountId: accounts[0]!.id, categoryId: photos.id, toState: "unrecoverable" }], system));
await db.prisma.incidentUpdate.create({ data: { incidentId: incident.id, status: "identified", body: "A storage node failed.\n\nMore detail here.", publishedAt: new Date(Date.now() - 1_800_000) } });

describe("the post-incident report (a letter kind)", () => {
  it("starts with the expected sections, refuses to publish without one (naming it), fills impact and timeline from the records", async () => {
    const { id } = await createPostIncidentReport(db.prisma, editor, { incidentId: incident.id, title: "What happened and what changes", slug: "post-incident", signatoryName: "Ada Chief", signatoryTitle: "CTO" });
    const draft = await db.prisma.letter.findUniqueOrThrow({ where: { id } });
    expect(draft.kind).toBe("post_incident_report");
    for (const section of postIncidentReportSections) expect(draft.body).toContain(`## ${section}`);

    // Without "What changes": refused, naming the section.
    const withoutChanges = draft.body.replace(/## What changes[\s\S]*$/, "");
    await saveLetter(db.prisma, editor, { id, version: draft.version, title: draft.title, body: withoutChanges, signatoryName: draft.signatoryName, signatoryTitle: draft.signatoryTitle });
    const refused = await errorOf(publishLetter(db.prisma, editor, { id, version: draft.version + 1 }));
    expect(refused?.code).toBe("VALIDATION");
    expect(refused?.message).toBe('A post-incident report needs the section "## What changes".');
    expect(await db.prisma.letterRevision.count({ where: { letterId: id } })).toBe(0);

    const body = draft.body.replace("Why it happened: the technical cause and the conditions that let it reach customers.", "A firmware bug on one storage node.");
    await saveLetter(db.prisma, editor, { id, version: draft.version + 1, title: draft.title, body, signatoryName: draft.signatoryName, signatoryTitle: draft.signatoryTitle });
    await publishLetter(db.prisma, editor, { id, version: draft.version + 2 });
    const r1 = await db.prisma.letterRevision.findFirstOrThrow({ where: { letterId: id, revision: 1 } });
    expect(r1.body).not.toContain("{{impact}}");
    expect(r1.body).not.toContain("{{timeline}}");
    expect(r1.body).toContain("- People affected: **4** accounts.");
    expect(r1.body).toContain("- Items concerned: about **400**; **50** could not be recovered.");
    expect(r1.body).toContain("- Photos: 4 accounts affected; 0 restored, 0 partly, 1 unrecoverable, 3 still in progress.");
    expect(r1.body).toContain("Update (identified): A storage node failed.");
    expect(r1.body).not.toContain("More detail here.");
    expect(r1.body).toContain("A firmware bug on one storage node.");
    // The working copy keeps its fields: the next publication recomputes them.
    expect((await db.prisma.letter.findUniqueOrThrow({ where: { id } })).body).toContain("{{impact}}");

    // Revised like a letter: a correction (with a note) has the figures as they are then; revision 1 is unchanged.
    const same = await errorOf(publishLetter(db.prisma, editor, { id, version: draft.version + 2, correctionNote: "again" }));
    expect(same?.message).toMatch(/nothing to correct/);
    await db.prisma.$transaction((tx) => applyStateChanges(tx, [{ accountId: accounts[1]!.id, categoryId: photos.id, toState: "restored" }], system));
    await publishLetter(db.prisma, editor, { id, version: draft.version + 2, correctionNote: "Figures updated after more photos were restored." });
    const r2 = await db.prisma.letterRevision.findFirstOrThrow({ where: { letterId: id, revision: 2 } });
    expect(r2.body).toContain("- Photos: 4 accounts affected; 1 restored, 0 partly, 1 unrecoverable, 2 still in progress.");
    expect((await db.prisma.letterRevision.findFirstOrThrow({ where: { letterId: id, revision: 1 } })).body).toBe(r1.body);
  });

  it("a plain letter is not checked for sections", async () => {
    const { createLetter } = await import("../../lib/letters/create-letter");
    const { id } = await createLetter(db.prisma, editor, { incidentId: incident.id, title: "Sorry", slug: "sorry", body: "Dear {{name}}, we are sorry.", signatoryName: "Ada", signatoryTitle: "CEO" });
    expect((await db.prisma.letter.findUniqueOrThrow({ where: { id } })).kind).toBe("letter");
    await publishLetter(db.prisma, editor, { id, version: 1 });
    expect(await db.prisma.letterRevision.count({ where: { letterId: id } })).toBe(1);
  });
});
