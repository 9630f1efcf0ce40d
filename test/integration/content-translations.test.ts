import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as incidentsGET } from "@/app/api/v1/incidents/route";
import { GET as summaryGET } from "@/app/api/v2/summary.json/route";
import { GET as atomGET } from "@/app/feed.atom/route";
import { cliPrincipal } from "@/lib/auth/principal";
import { createIncident } from "@/lib/incidents/create-incident";
import { postIncidentUpdate } from "@/lib/incidents/post-incident-update";
import { saveIncidentTranslation } from "@/lib/incidents/save-incident-translation";
import { saveUpdateTranslation } from "@/lib/incidents/save-update-translation";
import { updateIncident } from "@/lib/incidents/update-incident";
import { createLetter } from "@/lib/letters/create-letter";
import { publishLetter } from "@/lib/letters/publish-letter";
import { saveLetterTranslation } from "@/lib/letters/save-letter-translation";
import { getIncidentPage } from "@/lib/public/get-incident-page";
import { getLetter } from "@/lib/public/get-letter";
import { loadPublicData, type PublicData } from "@/lib/public/public-data";
import { setPublicSnapshotStore } from "@/lib/public/public-snapshot";
import { invalidatePublicCaches } from "@/lib/public/revalidate";
import { SnapshotStore } from "@/lib/public/snapshot-store";
import { cli as runCli } from "../helpers/cli";
import { useTestDatabase, type TestDatabase } from "../helpers/db";

const db: TestDatabase = await useTestDatabase();
const cli = cliPrincipal();
let incidentId: string;
let updateId: string;
let letterId: string;

const letterText = {
  title: "We are sorry",
  body: "Dear {{name}}, we lost some of your data and we are sorry.",
  signatoryName: "Ada Lovelace",
  signatoryTitle: "Chief Executive",
};

beforeAll(async () => {
  setPublicSnapshotStore(new SnapshotStore<PublicData>({ load: () => loadPublicData(db.prisma), refreshMs: 60_000 }));
  ({ id: incidentId } = await createIncident(
    db.prisma,
    cli,
    { slug: "sync-outage", title: "Sync outage", summary: "Contacts did not sync.", advice: "Keep your phone on.", impact: "major", startedAt: new Date(), categories: "Contacts" },
    { publish: true },
  ));
  ({ id: updateId } = await postIncidentUpdate(db.prisma, cli, { incidentId, status: "recovering", body: "We are restoring contacts." }));
  ({ id: letterId } = await createLetter(db.prisma, cli, { incidentId, slug: "we-are-sorry", ...letterText }));
  await publishLetter(db.prisma, cli, { id: letterId, version: 1 });
  // Two accounts, one reading Spanish, one English, both affected.
  const category = await db.prisma.dataCategory.findFirstOrThrow({ where: { incidentId } });
  for (const [ref, locale] of [["ES-1", "es"], ["EN-1", "en"]] as const) {
    await db.prisma.account.create({
      data: { externalRef: ref, email: `${ref.toLowerCase()}@example.com`, displayName: ref, locale, impacts: { create: { incidentId, categoryId: category.id } } },
    });
  }
  invalidatePublicCaches();
});

describe("content in several languages", () => {
  it("a letter that exists only in English reads in English for a Spanish reader, flagged as a fallback, never empty", async () => {
    const page = await getLetter("we-are-sorry", undefined, "es");
    expect(page.fallback).toBe(true);
    expect(page.contentLocale).toBe("en");
    expect(page.shown.title).toBe("We are sorry");
    expect(page.shown.body).toContain("we lost some of your data");
    const english = await getLetter("we-are-sorry", undefined, "en");
    expect(english.fallback).toBe(false);
  });

  it("staff write the incident and an update in Spanish; a Spanish reader gets them, a German reader the default with the flag", async () => {
    await saveIncidentTranslation(db.prisma, cli, { incidentId, locale: "es", title: "Fallo de sincronización", summary: "Los contactos no se sincronizaron.", advice: "Mantenga el teléfono encendido." });
    await saveUpdateTranslation(db.prisma, cli, { updateId, locale: "es", body: "Estamos restaurando los contactos." });
    invalidatePublicCaches();
    const es = await getIncidentPage("sync-outage", "es");
    expect(es).toMatchObject({ contentLocale: "es", fallback: false });
    expect(es.incident.title).toBe("Fallo de sincronización");
    expect(es.incident.updates[0]).toMatchObject({ body: "Estamos restaurando los contactos.", locale: "es", fallback: false });
    expect(es.incident).not.toHaveProperty("translations");
    const de = await getIncidentPage("sync-outage", "de");
    expect(de).toMatchObject({ contentLocale: "en", fallback: true });
    expect(de.incident.title).toBe("Sync outage");
    expect(de.incident.updates[0]).toMatchObject({ body: "We are restoring contacts.", fallback: true });
    // The default language is unchanged and unflagged.
    expect((await getIncidentPage("sync-outage")).incident.title).toBe("Sync outage");
  });

  it("the default language's own text is not a translation: refused, and relabelling onto a translated language is refused", async () => {
    await expect(saveIncidentTranslation(db.prisma, cli, { incidentId, locale: "en", title: "Sync outage", summary: "x x x" })).rejects.toMatchObject({ code: "VALIDATION" });
    const { version } = await db.prisma.incident.findUniqueOrThrow({ where: { id: incidentId } });
    await expect(
      updateIncident(db.prisma, cli, { id: incidentId, version, defaultLocale: "es", title: "Sync outage", summary: "Contacts did not sync.", impact: "major", startedAt: new Date() }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(saveIncidentTranslation(db.prisma, cli, { incidentId, locale: "ja" as "es", title: "x x x", summary: "x x x" })).rejects.toThrow();
  });

  it("a Spanish letter is published as its own revisions; a correction to it is a Spanish revision; readers and emails follow", async () => {
    // Spanish accounts were not emailed the English letter once Spanish exists; before, they were.
    const english = await db.prisma.$transaction((tx) => import("@/lib/mail/queue-update-fanout").then((m) => m.queueLetterFanout(tx, letterId, 1)));
    expect(english).toBe(2);

    const saved = await saveLetterTranslation(db.prisma, cli, { id: letterId, locale: "es", title: "Lo sentimos", body: "Estimado/a {{name}}: perdimos parte de sus datos.", signatoryName: "Ada Lovelace", signatoryTitle: "Directora general" });
    expect(saved.version).toBe(1);
    const first = await publishLetter(db.prisma, cli, { id: letterId, locale: "es", version: 1, emailRecipients: true });
    expect(first).toMatchObject({ locale: "es", revision: 1, emailsQueued: 1 });
    const queued = await db.prisma.emailOutbox.findMany({ where: { kind: "letter" }, orderBy: { id: "asc" } });
    expect(queued.at(-1)).toMatchObject({ toAddress: "es-1@example.com", dedupeKey: `letter:${letterId}:1:es:es-1@example.com` });
    expect(queued.at(-1)!.payload).toMatchObject({ letterId, revision: 1, locale: "es" });

    // A correction of the Spanish text: revision 2 in Spanish, English untouched.
    await expect(publishLetter(db.prisma, cli, { id: letterId, locale: "es", version: 1 })).rejects.toMatchObject({ code: "VALIDATION" });
    await saveLetterTranslation(db.prisma, cli, { id: letterId, locale: "es", version: 1, title: "Lo sentimos mucho", body: "Estimado/a {{name}}: perdimos parte de sus datos. Corregido.", signatoryName: "Ada Lovelace", signatoryTitle: "Directora general" });
    await expect(publishLetter(db.prisma, cli, { id: letterId, locale: "es", version: 1, correctionNote: "x" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await publishLetter(db.prisma, cli, { id: letterId, locale: "es", version: 2, correctionNote: "Título corregido." })).toMatchObject({ revision: 2 });
    const revisions = await db.prisma.letterRevision.findMany({ where: { letterId }, orderBy: [{ locale: "asc" }, { revision: "asc" }], select: { locale: true, revision: true } });
    expect(revisions).toEqual([{ locale: "en", revision: 1 }, { locale: "es", revision: 1 }, { locale: "es", revision: 2 }]);

    invalidatePublicCaches();
    const es = await getLetter("we-are-sorry", undefined, "es");
    expect(es).toMatchObject({ fallback: false, contentLocale: "es" });
    expect(es.shown.title).toBe("Lo sentimos mucho");
    expect(es.corrections.map((c) => c.correctionNote)).toEqual(["Título corregido."]);
    expect((await getLetter("we-are-sorry", 1, "es")).shown.title).toBe("Lo sentimos");
    expect((await getLetter("we-are-sorry", undefined, "en")).shown.title).toBe("We are sorry");

    // An English correction now goes to the English reader only: the Spanish one has Spanish.
    await db.prisma.letter.update({ where: { id: letterId }, data: { body: `${letterText.body} Updated.`, version: 2 } });
    expect(await publishLetter(db.prisma, cli, { id: letterId, version: 2, correctionNote: "Updated.", emailRecipients: true })).toMatchObject({ locale: "en", revision: 2, emailsQueued: 1 });
    expect((await db.prisma.emailOutbox.findMany({ where: { kind: "letter" }, orderBy: { id: "desc" }, take: 1 }))[0]!.toAddress).toBe("en-1@example.com");
  });

  it("a translation cannot be published before the default language", async () => {
    const { id } = await createLetter(db.prisma, cli, { incidentId, slug: "second-letter", ...letterText });
    await saveLetterTranslation(db.prisma, cli, { id, locale: "fr", ...letterText });
    await expect(publishLetter(db.prisma, cli, { id, locale: "fr", version: 1 })).rejects.toMatchObject({ code: "VALIDATION", details: { field: "locale" } });
    await expect(publishLetter(db.prisma, cli, { id, locale: "de", version: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the JSON API and the feeds take ?lang=: a shipped language, the default for another tag, 400 for a malformed one", async () => {
    invalidatePublicCaches();
    const es = (await (await incidentsGET(new NextRequest("http://localhost/api/v1/incidents?lang=es-MX"))).json()) as { incidents: { title: string; locale: string; fallback: boolean; url: string }[] };
    expect(es.incidents[0]).toMatchObject({ title: "Fallo de sincronización", locale: "es", fallback: false });
    expect(es.incidents[0]!.url).toMatch(/\/es\/incidents\/sync-outage$/);
    const ja = (await (await incidentsGET(new NextRequest("http://localhost/api/v1/incidents?lang=ja"))).json()) as { incidents: { title: string; locale: string; fallback: boolean }[] };
    expect(ja.incidents[0]).toMatchObject({ title: "Sync outage", locale: "en", fallback: false });
    const de = (await (await incidentsGET(new NextRequest("http://localhost/api/v1/incidents?lang=de"))).json()) as { incidents: { locale: string; fallback: boolean }[] };
    expect(de.incidents[0]).toMatchObject({ locale: "en", fallback: true });
    const bad = await incidentsGET(new NextRequest("http://localhost/api/v1/incidents?lang=en--x!"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { field: string } } }).error.details.field).toBe("lang");

    const summary = (await (await summaryGET(new NextRequest("http://localhost/api/v2/summary.json?lang=es"))).json()) as { incidents: { name: string }[] };
    expect(summary.incidents[0]!.name).toBe("Fallo de sincronización");
    const atom = await (await atomGET(new NextRequest("http://localhost/feed.atom?lang=es"))).text();
    expect(atom).toContain("Lo sentimos mucho");
    expect(atom).toContain("Estamos restaurando los contactos.");
    expect(atom).not.toContain("We are sorry");
    const atomEn = await (await atomGET(new NextRequest("http://localhost/feed.atom"))).text();
    expect(atomEn).toContain("We are sorry");
  });
});

describe("public merge fields", () => {
  it("read as generic words in the letter's own language, never as {{placeholders}}", async () => {
    const en = await getLetter("we-are-sorry", 1, "en");
    expect(en.shown.body).toContain("Dear customer, we lost");
    const es = await getLetter("we-are-sorry", 1, "es");
    expect(es.shown.body).toContain("Estimado/a cliente: perdimos");
    // A reader whose language has no letter reads the default's words with the text.
    const de = await getLetter("we-are-sorry", 1, "de");
    expect(de).toMatchObject({ fallback: true });
    expect(de.shown.body).toContain("Dear customer");
    expect(JSON.stringify(await getLetter("we-are-sorry", undefined, "fr"))).not.toContain("{{");
  });
});

describe("the CLI writes in several languages", () => {
  it("create-incident --language; publish-letter --language publishes and corrects that language's own revisions", async () => {
    const created = await runCli(db, ["create-incident", "--slug", "panne", "--title", "Panne de synchronisation", "--categories", "contacts", "--language", "fr", "--publish", "--json"]);
    expect(created.code).toBe(0);
    const incident = await db.prisma.incident.findUniqueOrThrow({ where: { slug: "panne" } });
    expect(incident.defaultLocale).toBe("fr");
    expect((await runCli(db, ["create-incident", "--slug", "x", "--title", "X", "--categories", "contacts", "--language", "ja"])).code).toBe(2);

    // Another language before the default one: refused.
    const early = await runCli(db, ["publish-letter", "--incident", "panne", "--title", "Sorry", "--slug", "excuses", "--signatory", "Ada, CEO", "--language", "en"], "Dear {{name}}, sorry.");
    expect(early.code).not.toBe(0);
    expect((await runCli(db, ["publish-letter", "--incident", "panne", "--title", "Nos excuses", "--slug", "excuses", "--signatory", "Ada, PDG"], "Cher {{name}}, pardon.")).code).toBe(0);
    const en = await runCli(db, ["publish-letter", "--incident", "panne", "--title", "Our apologies", "--slug", "excuses", "--signatory", "Ada, CEO", "--language", "en", "--json"], "Dear {{name}}, sorry.");
    expect(en.code).toBe(0);
    expect(en.json()).toMatchObject({ locale: "en", revision: 1, corrected: false });
    expect((await runCli(db, ["publish-letter", "--incident", "panne", "--title", "Our apologies", "--slug", "excuses", "--signatory", "Ada, CEO", "--language", "en"], "Dear {{name}}, sorry again.")).code).not.toBe(0);
    const fixed = await runCli(db, ["publish-letter", "--incident", "panne", "--title", "Our apologies", "--slug", "excuses", "--signatory", "Ada, CEO", "--language", "en", "--correction", "Wording.", "--json"], "Dear {{name}}, we are sorry.");
    expect(fixed.json()).toMatchObject({ locale: "en", revision: 2, corrected: true });
    const revisions = await db.prisma.letterRevision.findMany({ where: { letter: { slug: "excuses" } }, orderBy: [{ locale: "asc" }, { revision: "asc" }], select: { locale: true, revision: true } });
    expect(revisions).toEqual([{ locale: "en", revision: 1 }, { locale: "en", revision: 2 }, { locale: "fr", revision: 1 }]);
  });
});

describe("the private account page's incident texts", () => {
  it("are in the account's language when the incident is written in it, else the default, flagged", async () => {
    const { getAccountStatus } = await import("@/lib/lookup/get-account-status");
    const { hashToken, newRandomToken } = await import("@/lib/tokens");
    const statusOf = async (ref: string) => {
      const account = await db.prisma.account.findUniqueOrThrow({ where: { externalRef: ref } });
      const token = newRandomToken();
      await db.prisma.lookupToken.create({ data: { accountId: account.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000) } });
      return (await getAccountStatus(db, token)).incidents.find((i) => i.slug === "sync-outage")!;
    };
    expect(await statusOf("ES-1")).toMatchObject({ title: "Fallo de sincronización", contentLocale: "es", fallback: false });
    expect(await statusOf("EN-1")).toMatchObject({ title: "Sync outage", contentLocale: "en", fallback: false });
    await db.prisma.account.update({ where: { externalRef: "EN-1" }, data: { locale: "de" } });
    expect(await statusOf("EN-1")).toMatchObject({ title: "Sync outage", contentLocale: "en", fallback: true });
  });
});

describe("the kinds of data's labels", () => {
  it("a stock label reads in each reader's words; staff's own label wins; a blank one gives the stock words back", async () => {
    const { getAccountStatus } = await import("@/lib/lookup/get-account-status");
    const { saveCategoryLabels } = await import("@/lib/incidents/save-category-labels");
    const { hashToken, newRandomToken } = await import("@/lib/tokens");
    const labelOn = async (locale: string) => (await getIncidentPage("sync-outage", locale)).incident.categories.map((c) => c.label);
    const accountLabel = async (ref: string) => {
      const account = await db.prisma.account.findUniqueOrThrow({ where: { externalRef: ref } });
      const token = newRandomToken();
      await db.prisma.lookupToken.create({ data: { accountId: account.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000) } });
      return (await getAccountStatus(db, token)).incidents.find((i) => i.slug === "sync-outage")!.categories[0]!.label;
    };
    const category = await db.prisma.dataCategory.findFirstOrThrow({ where: { incidentId } });
    expect(category).toMatchObject({ key: "contacts", label: "Contacts" });
    expect(await labelOn("en")).toEqual(["Contacts"]);
    expect(await labelOn("es")).toEqual(["Contactos"]);
    expect(await labelOn("de")).toEqual(["Kontakte"]);
    expect(await accountLabel("ES-1")).toBe("Contactos");

    const field = `label-${category.id}`;
    expect(await saveCategoryLabels(db.prisma, cli, { incidentId, locale: "es", [field]: " Agenda de contactos " })).toMatchObject({ saved: 1, removed: 0 });
    invalidatePublicCaches();
    expect(await labelOn("es")).toEqual(["Agenda de contactos"]);
    expect(await labelOn("fr")).toEqual(["Contacts"]);
    expect(await accountLabel("ES-1")).toBe("Agenda de contactos");
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "incident.save_category_labels" }, orderBy: { id: "desc" } });
    expect(audit.after).toEqual({ locale: "es", labels: { contacts: "Agenda de contactos" } });

    expect(await saveCategoryLabels(db.prisma, cli, { incidentId, locale: "es", [field]: "" })).toMatchObject({ saved: 0, removed: 1 });
    invalidatePublicCaches();
    expect(await labelOn("es")).toEqual(["Contactos"]);
  });

  it("refuses the default language, another incident's category and a label over 60 characters, changing nothing", async () => {
    const { saveCategoryLabels } = await import("@/lib/incidents/save-category-labels");
    const category = await db.prisma.dataCategory.findFirstOrThrow({ where: { incidentId } });
    await expect(saveCategoryLabels(db.prisma, cli, { incidentId, locale: "en", [`label-${category.id}`]: "Contacts" })).rejects.toMatchObject({ code: "VALIDATION", details: { field: "locale" } });
    const other = await createIncident(db.prisma, cli, { slug: "other-outage", title: "Other outage", summary: "Something else.", impact: "minor", startedAt: new Date(), categories: "Photos" });
    const foreign = await db.prisma.dataCategory.findFirstOrThrow({ where: { incidentId: other.id } });
    await expect(saveCategoryLabels(db.prisma, cli, { incidentId, locale: "es", [`label-${foreign.id}`]: "Fotos" })).rejects.toMatchObject({
      code: "VALIDATION",
      details: { field: `label-${foreign.id}` },
    });
    await expect(saveCategoryLabels(db.prisma, cli, { incidentId, locale: "es", [`label-${category.id}`]: "x".repeat(61) })).rejects.toThrow(/60 characters/);
    expect(await db.prisma.dataCategoryTranslation.count()).toBe(0);
  });
});

describe("no work per request", () => {
  it("one localized copy per snapshot and language, reused by every reader", async () => {
    const { getPublicSnapshot } = await import("@/lib/public/public-snapshot");
    const a = await getPublicSnapshot("es");
    const b = await getPublicSnapshot("es");
    expect(b.data).toBe(a.data);
    expect((await getPublicSnapshot("fr")).data).not.toBe(a.data);
  });
});
