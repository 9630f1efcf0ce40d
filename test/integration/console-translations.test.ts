import { describe, expect, it, vi } from "vitest";
import { cliPrincipal } from "@/lib/auth/principal";
import { createIncident } from "@/lib/incidents/create-incident";
import { postIncidentUpdate } from "@/lib/incidents/post-incident-update";
import { createLetter } from "@/lib/letters/create-letter";
import { publishLetter } from "@/lib/letters/publish-letter";
import { useTestDatabase } from "../helpers/db";
import { pageResponse } from "../helpers/pages";
import { signedInAs } from "../helpers/staff";

/** Issue 14 item 4: the console (English) shows and edits an incident's, its updates' and its letters' texts in every language. */
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [], has: () => false }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

describe("staff console in several languages", async () => {
  const db = await useTestDatabase();
  const cli = cliPrincipal();
  const { id: incidentId } = await createIncident(db.prisma, cli, { slug: "outage", title: "Outage", summary: "Sync stopped.", impact: "major", startedAt: new Date(), categories: "Contacts" }, { publish: true });
  const { id: updateId } = await postIncidentUpdate(db.prisma, cli, { incidentId, status: "recovering", body: "Coming back." });
  const { id: letterId } = await createLetter(db.prisma, cli, { incidentId, slug: "sorry", title: "We are sorry", body: "Dear {{name}}, we are sorry.", signatoryName: "Ada", signatoryTitle: "CEO" });
  await publishLetter(db.prisma, cli, { id: letterId, version: 1 });
  const incidentPage = async (lang?: string) =>
    (await pageResponse((await import("@/app/admin/incidents/[id]/page")).default({ params: Promise.resolve({ id: incidentId }), searchParams: Promise.resolve(lang ? { lang } : {}) }))).text();
  const letterPage = async (lang?: string) =>
    (await pageResponse((await import("@/app/admin/letters/[id]/page")).default({ params: Promise.resolve({ id: letterId }), searchParams: Promise.resolve(lang ? { lang } : {}) }))).text();

  it("an editor writes the incident, an update and the letter in Spanish from the language tabs; a viewer cannot", async () => {
    const { saveIncidentTranslationAction, saveUpdateTranslationAction } = await import("@/app/admin/incidents/actions");
    const { saveLetterTranslationAction, publishLetterAction } = await import("@/app/admin/letters/actions");

    requestHeaders = await signedInAs(db, "viewer");
    expect(await saveIncidentTranslationAction({ status: "idle" }, form({ incidentId, locale: "es", title: "Caída", summary: "Se detuvo." }))).toMatchObject({ status: "error", code: "FORBIDDEN" });

    requestHeaders = await signedInAs(db, "editor");
    const before = await incidentPage("es");
    expect(before).toContain('data-testid="language-tabs"');
    expect(before).toContain("Spanish (not written)");
    expect(before).toContain("English (default)");
    expect(before).toContain('name="locale" value="es"');

    expect(await saveIncidentTranslationAction({ status: "idle" }, form({ incidentId, locale: "es", title: "Caída", summary: "La sincronización se detuvo.", advice: "", remedy: "" }))).toMatchObject({ status: "ok" });
    expect(await saveIncidentTranslationAction({ status: "idle" }, form({ incidentId, locale: "xx", title: "Caída", summary: "La sincronización." }))).toMatchObject({ status: "error", code: "VALIDATION" });
    expect(await saveUpdateTranslationAction({ status: "idle" }, form({ updateId, locale: "es", body: "Está volviendo." }))).toMatchObject({ status: "ok" });
    const after = await incidentPage("es");
    expect(after).toContain("La sincronización se detuvo.");
    expect(after).toContain("Está volviendo.");
    expect(after).not.toContain("Spanish (not written)");
    // The kinds of data's labels: the stock Spanish words greyed out until staff write their own.
    const { saveCategoryLabelsAction } = await import("@/app/admin/incidents/actions");
    const contacts = await db.prisma.dataCategory.findFirstOrThrow({ where: { incidentId } });
    expect(after).toContain(`name="label-${contacts.id}"`);
    expect(after).toContain('placeholder="Contactos"');
    requestHeaders = await signedInAs(db, "viewer");
    expect(await saveCategoryLabelsAction({ status: "idle" }, form({ incidentId, locale: "es", [`label-${contacts.id}`]: "Agenda" }))).toMatchObject({ status: "error", code: "FORBIDDEN" });
    requestHeaders = await signedInAs(db, "editor");
    expect(await saveCategoryLabelsAction({ status: "idle" }, form({ incidentId, locale: "es", [`label-${contacts.id}`]: "Agenda" }))).toMatchObject({ status: "ok" });
    expect(await saveCategoryLabelsAction({ status: "idle" }, form({ incidentId, locale: "es", [`label-${contacts.id}`]: "x".repeat(61) }))).toMatchObject({
      status: "error",
      code: "VALIDATION",
    });
    expect(await incidentPage("es")).toMatch(new RegExp(`name="label-${contacts.id}"[^>]*value="Agenda"|value="Agenda"[^>]*name="label-${contacts.id}"`));
    // The default language's page keeps its editor (with the language it is written in).
    expect(await incidentPage()).toContain('name="defaultLocale"');

    expect(await saveLetterTranslationAction({ status: "idle" }, form({ id: letterId, locale: "es", version: "0", title: "Lo sentimos", body: "Estimado/a {{name}}: lo sentimos.", signatoryName: "Ada", signatoryTitle: "Directora" }))).toMatchObject({ status: "ok" });
    expect(await publishLetterAction({ status: "idle" }, form({ id: letterId, locale: "es", version: "1" }))).toMatchObject({ status: "ok" });
    const letterEs = await letterPage("es");
    expect(letterEs).toContain("Published revisions (Spanish)");
    expect(letterEs).toContain("Lo sentimos");
    expect(letterEs).toContain("Publish a correction (Spanish)");
    const letterEn = await letterPage();
    expect(letterEn).toContain("Published revisions (English)");
    expect(await db.prisma.letterRevision.count({ where: { letterId } })).toBe(2);
  });
});
