import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit/record-audit";
import { cliPrincipal } from "@/lib/auth/principal";
import { createIncident } from "@/lib/incidents/create-incident";
import { postIncidentUpdate } from "@/lib/incidents/post-incident-update";
import { saveCategoryLabels } from "@/lib/incidents/save-category-labels";
import { saveIncidentTranslation } from "@/lib/incidents/save-incident-translation";
import { saveUpdateTranslation } from "@/lib/incidents/save-update-translation";
import { runImport } from "@/lib/imports/run-import";
import { fileSource } from "@/lib/imports/upload-source";
import { createLetter } from "@/lib/letters/create-letter";
import { publishLetter } from "@/lib/letters/publish-letter";
import { saveLetterTranslation } from "@/lib/letters/save-letter-translation";
import { queueUpdateFanout } from "@/lib/mail/queue-update-fanout";
import { createSmtpTransport } from "@/lib/mail/transport";
import { startMailWorker } from "@/lib/mail/worker";
import { useTestDatabase } from "../helpers/db";
import { startMailSink, type ReceivedMessage } from "../helpers/mail-sink";

const actor: Actor = { type: "staff", id: null, label: "importer@example.com" };
const cli = cliPrincipal();
const tmp = mkdtempSync(path.join(tmpdir(), "mail-lang-"));

describe("every email in its reader's language, through the real SMTP sink", async () => {
  const db = await useTestDatabase();
  const sink = await startMailSink({ parse: true });
  const transport = createSmtpTransport(sink.url, { maxConnections: 2 });
  afterAll(async () => {
    await transport.close();
    await sink.close();
  });
  const deliver = async () => {
    await startMailWorker({ db, transport, until: "idle", pollMs: 20, log: () => {}, messageIdHost: "lang.test" }).done;
  };
  const receivedBy = (address: string): ReceivedMessage[] => sink.received.filter((m) => m.to === address);

  const { id: incidentId } = await createIncident(
    db.prisma,
    cli,
    { slug: "cloud-outage", title: "Cloud outage", summary: "Sync stopped.", impact: "major", startedAt: new Date(), categories: "Contacts, Photos" },
    { publish: true },
  );
  await saveIncidentTranslation(db.prisma, cli, { incidentId, locale: "es", title: "Caída de la nube", summary: "La sincronización se detuvo." });
  // Photos gets staff's own Spanish label; Contacts keeps its stock label, so readers get the stock words of their language.
  const photos = await db.prisma.dataCategory.findFirstOrThrow({ where: { incidentId, key: "photos" } });
  await saveCategoryLabels(db.prisma, cli, { incidentId, locale: "es", [`label-${photos.id}`]: "Fotos y vídeos" });

  it("an account imported with locale es gets its restore email in Spanish: subject, text and HTML; the outbox records es", async () => {
    const file = path.join(tmp, "accounts.csv");
    writeFileSync(
      file,
      [
        "account_ref,email,display_name,locale,category,state,items_total,items_restored",
        "ES-1,maria@example.com,María,es-ES,contacts,restored,1300,1300",
        "ES-1,maria@example.com,María,es-ES,photos,partial,300,64",
        "AR-1,amal@example.com,Amal,ar,contacts,restored,2,2",
        "JA-1,yuki@example.com,Yuki,ja,contacts,restored,1,1",
      ].join("\n") + "\n",
    );
    const jobId = (await db.prisma.importJob.create({ data: { incidentId, fileName: "accounts.csv" } })).id;
    const report = await runImport(db, { jobId, source: fileSource(file), commit: true, actor, coalesceSeconds: 0 });
    expect(report).toMatchObject({ status: "applied", rowsWarned: 1 });
    await deliver();

    const [maria] = receivedBy("maria@example.com");
    expect(maria?.subject).toBe("La recuperación de su cuenta ha terminado");
    expect(maria?.text).toContain("Hemos terminado de recuperar su cuenta.");
    expect(maria?.text).toContain("Hola, María:");
    // CLDR: Spanish groups digits from five on (1300, 12.300).
    expect(maria?.text).toContain("Contactos: restaurado (1300 de 1300 elementos)");
    expect(maria?.text).toContain("Fotos y vídeos: restaurado en parte (64 de 300 elementos)");
    expect(maria?.text).toContain("tras el incidente «Caída de la nube»");
    expect(maria?.html).toMatch(/<html[^>]* lang="es"/);
    expect(maria?.html).toContain("Ver su cuenta");
    expect(maria?.html).not.toMatch(/View your account|Hello /);
    const row = await db.prisma.emailOutbox.findFirstOrThrow({ where: { toAddress: "maria@example.com" } });
    expect(row).toMatchObject({ status: "sent", language: "es", templateVersion: "restore/2", subject: "La recuperación de su cuenta ha terminado" });

    const [amal] = receivedBy("amal@example.com");
    expect(amal?.html).toMatch(/<html[^>]* lang="ar"[^>]* dir="rtl"|<html[^>]* dir="rtl"[^>]* lang="ar"/);
    expect(amal?.subject).toBe("اكتملت استعادة حسابك");
    expect(amal?.text).toContain("(2 من عنصرين)");
    expect(amal?.text).toContain("جهات الاتصال");
    expect(amal?.text).not.toContain("Contacts");
    // A language the portal does not ship was stored as the default: English.
    const [yuki] = receivedBy("yuki@example.com");
    expect(yuki?.subject).toBe("The recovery of your account is complete");
    expect((await db.prisma.emailOutbox.findFirstOrThrow({ where: { toAddress: "yuki@example.com" } })).language).toBe("en");
  });

  it("an update reaches each reader in their language when translated; a letter only in English reaches a Spanish reader in English with the note, in a Spanish email", async () => {
    const { id: updateId } = await postIncidentUpdate(db.prisma, cli, { incidentId, status: "recovering", body: "Photos are coming back." });
    await saveUpdateTranslation(db.prisma, cli, { updateId, locale: "es", body: "Las fotos están volviendo." });
    await db.prisma.$transaction((tx) => queueUpdateFanout(tx, updateId));
    const { id: letterId } = await createLetter(db.prisma, cli, {
      incidentId,
      slug: "sorry",
      title: "We are sorry",
      body: "Dear {{name}}, we lost some of your {{categories}}.",
      signatoryName: "Ada Lovelace",
      signatoryTitle: "Chief Executive",
    });
    await publishLetter(db.prisma, cli, { id: letterId, version: 1, emailRecipients: true });
    await deliver();

    const update = receivedBy("maria@example.com").find((m) => m.subject?.startsWith("En recuperación"));
    expect(update?.subject).toBe("En recuperación: Caída de la nube");
    expect(update?.text).toContain("Las fotos están volviendo.");
    expect(update?.text).not.toContain("aún no está disponible");
    const englishUpdate = receivedBy("yuki@example.com").find((m) => m.subject?.startsWith("Recovering"));
    expect(englishUpdate?.text).toContain("Photos are coming back.");

    const letter = receivedBy("maria@example.com").find((m) => m.subject === "We are sorry");
    expect(letter?.text).toContain("Este texto aún no está disponible en su idioma");
    expect(letter?.text).toContain("Dear María, we lost some of your contacts, photos.");
    expect(letter?.text).toContain("Leer la carta en línea");
    expect(letter?.html).toMatch(/<html[^>]* lang="es"/);
    expect(letter?.html).toContain("/es/letters/sorry");
    const letterRow = await db.prisma.emailOutbox.findFirstOrThrow({ where: { toAddress: "maria@example.com", kind: "letter" } });
    expect(letterRow).toMatchObject({ language: "es", templateVersion: "letter/2" });

    // The Spanish letter: {{categories}} in Spanish words (staff's label for photos, the stock one for contacts).
    await saveLetterTranslation(db.prisma, cli, { id: letterId, locale: "es", title: "Lo sentimos", body: "Hola, {{name}}: perdimos parte de sus {{categories}}.", signatoryName: "Ada Lovelace", signatoryTitle: "Directora general" });
    await publishLetter(db.prisma, cli, { id: letterId, locale: "es", version: 1, emailRecipients: true });
    await deliver();
    const spanish = receivedBy("maria@example.com").find((m) => m.subject === "Lo sentimos");
    expect(spanish?.text).toContain("Hola, María: perdimos parte de sus contactos, fotos y vídeos.");
    expect(spanish?.text).not.toContain("aún no está disponible");
  });
});
