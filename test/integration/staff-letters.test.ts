import { describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { createLetter } from "@/lib/letters/create-letter";
import { applyMergeFields } from "@/lib/letters/merge-fields";
import { previewLetterForAccount } from "@/lib/letters/preview-letter-for-account";
import { publishLetter } from "@/lib/letters/publish-letter";
import { saveLetter } from "@/lib/letters/save-letter";
import { seedDemo } from "@/lib/seed/seed-demo";
import { useTestDatabase } from "../helpers/db";

function as(role: StaffRole): Principal {
  return { role, staffId: null, actor: { type: "staff", id: null, label: `${role}@example.com` } };
}

describe("apology letters", async () => {
  const db = await useTestDatabase();
  const { incidentId } = await seedDemo(db, { accounts: 20 });
  const editor = as("editor");
  const letterInput = {
    incidentId,
    slug: "a-second-letter",
    title: "An update on your data",
    body: "Dear {{name}},\n\nHere is where your data stands:\n\n{{categories}}\n\nWe are sorry.",
    signatoryName: "Alex Morgan",
    signatoryTitle: "CEO",
  };

  it("publishing with 'email it' queues one personalised letter email per affected account, in the same transaction", async () => {
    const { id } = await createLetter(db.prisma, editor, { ...letterInput, slug: "emailed-letter" });
    const published = await publishLetter(db.prisma, editor, { id, version: 1, emailRecipients: "on" });
    // The demo seed's 20 accounts, each with its own address; no subscribers yet.
    expect(published).toMatchObject({ revision: 1, emailsQueued: 20 });
    const rows = await db.prisma.emailOutbox.findMany({ where: { kind: "letter", dedupeKey: { contains: id } } });
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.toAddress)).size).toBe(20);
    const silent = await createLetter(db.prisma, editor, { ...letterInput, slug: "silent-letter" });
    await expect(publishLetter(db.prisma, editor, { id: silent.id, version: 1 })).resolves.toMatchObject({ emailsQueued: 0 });
  });

  it("viewers and support cannot write, save or publish letters", async () => {
    const { id } = await createLetter(db.prisma, editor, { ...letterInput, slug: "roles-letter" });
    for (const role of ["viewer", "support"] as const) {
      await expect(createLetter(db.prisma, as(role), { ...letterInput, slug: `l-${role}` })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(saveLetter(db.prisma, as(role), { ...letterInput, id, version: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(publishLetter(db.prisma, as(role), { id, version: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db.prisma.letterRevision.count({ where: { letterId: id } })).toBe(0);
  });

  it("publishing creates revision 1; later edits stay drafts until published as a correction with a note", async () => {
    const { id } = await createLetter(db.prisma, editor, letterInput);
    expect((await db.prisma.letter.findUniqueOrThrow({ where: { id } })).publishedAt).toBeNull();
    await expect(publishLetter(db.prisma, editor, { id, version: 1 })).resolves.toMatchObject({ revision: 1 });
    const first = await db.prisma.letterRevision.findFirstOrThrow({ where: { letterId: id, revision: 1 } });
    expect(first.correctionNote).toBeNull();

    const saved = await saveLetter(db.prisma, editor, { ...letterInput, id, version: 1, body: letterInput.body.replace("We are sorry.", "We are very sorry.") });
    // The draft edit did not touch what the public reads.
    expect(await db.prisma.letterRevision.findUniqueOrThrow({ where: { id: first.id } })).toEqual(first);
    await expect(publishLetter(db.prisma, editor, { id, version: saved.version })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(publishLetter(db.prisma, editor, { id, version: 1, correctionNote: "stale" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(publishLetter(db.prisma, editor, { id, version: saved.version, correctionNote: "We said sorry too lightly." })).resolves.toMatchObject({
      revision: 2,
    });
    const revisions = await db.prisma.letterRevision.findMany({ where: { letterId: id }, orderBy: { revision: "asc" } });
    expect(revisions.map((r) => [r.revision, r.correctionNote])).toEqual([
      [1, null],
      [2, "We said sorry too lightly."],
    ]);
    expect(revisions[0]).toEqual(first);
    // Nothing changed since revision 2: nothing to correct.
    await expect(publishLetter(db.prisma, editor, { id, version: saved.version, correctionNote: "again" })).rejects.toMatchObject({ code: "VALIDATION" });
    const actions = (await db.prisma.auditLog.findMany({ where: { targetId: id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["letter.create", "letter.publish", "letter.save_draft", "letter.publish_correction"]);
  });

  it("a stale draft save is a conflict", async () => {
    const { id } = await createLetter(db.prisma, editor, { ...letterInput, slug: "stale-letter" });
    await saveLetter(db.prisma, editor, { ...letterInput, id, version: 1, title: "First" });
    await expect(saveLetter(db.prisma, as("admin"), { ...letterInput, id, version: 1, title: "Second" })).rejects.toMatchObject({
      code: "CONFLICT",
      details: { current: { title: "First", version: 2 } },
    });
  });

  it("merges {{name}} and {{categories}} for a chosen account, escaping the name", async () => {
    const { id } = await createLetter(db.prisma, editor, { ...letterInput, slug: "merge-letter" });
    const account = await db.prisma.account.findUniqueOrThrow({ where: { externalRef: "SK-0000003" }, select: { displayName: true } });
    const preview = await previewLetterForAccount(db.prisma, { id, externalRef: "SK-0000003" });
    expect(preview.markdown).toContain(`Dear ${account.displayName.replace(/[.-]/g, (c) => `\\${c}`)},`);
    expect(preview.html).toContain("<li>Contacts: ");
    expect(preview.html).not.toContain("{{");
    await expect(previewLetterForAccount(db.prisma, { id, externalRef: "NOPE-1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const hostile = applyMergeFields("Hi {{name}}", { name: "<script>x</script> *bold*", categories: [] });
    expect(hostile).toBe("Hi \\<script\\>x\\</script\\> \\*bold\\*");
  });
});

describe("public merge fields", () => {
  it("reads as generic words on the public page", async () => {
    const { applyPublicMergeFields } = await import("@/lib/letters/merge-fields");
    expect(applyPublicMergeFields("Dear {{name}},\n\n{{ categories }}")).toBe("Dear customer,\n\n_Your account page lists, for each kind of data, what has come back._");
  });
});
