import { beforeAll, describe, expect, it } from "vitest";
import { loadPublicData, type PublicData } from "@/lib/public/public-data";
import { setPublicSnapshotStore } from "@/lib/public/public-snapshot";
import { SnapshotStore } from "@/lib/public/snapshot-store";
import { DEMO_INCIDENT_SLUG, seedDemo } from "@/lib/seed/seed-demo";
import { getPublicStatus } from "@/lib/status/get-status-overview";
import { GET as badgeGET } from "@/app/badge.svg/route";
import { GET as widgetGET } from "@/app/widget/route";
import { GET as embedCodeGET } from "@/app/widget/embed-code/route";
import { useTestDatabase } from "../helpers/db";

const db = await useTestDatabase();
const request = (path: string) => new Request(`http://localhost${path}`);

beforeAll(async () => {
  await seedDemo(db, { accounts: 60 });
  setPublicSnapshotStore(new SnapshotStore<PublicData>({ load: () => loadPublicData(db.prisma), refreshMs: 60_000 }));
});

async function expectedPercent(): Promise<string> {
  const overview = await getPublicStatus();
  const categories = overview.active.flatMap((i) => i.categories);
  const restored = categories.reduce((s, c) => s + c.restored, 0);
  const affected = categories.reduce((s, c) => s + c.affected, 0);
  return (Math.round((restored / affected) * 1000) / 10).toFixed(1);
}

describe("badge and widget", () => {
  it("the badge is an SVG with the overall state and the share restored, cacheable like the status page", async () => {
    const response = await badgeGET(request("/badge.svg"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(response.headers.get("cache-control")).toMatch(/^public, .*s-maxage=\d+.*stale-if-error/);
    const svg = await response.text();
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain(`major outage · ${await expectedPercent()}% restored`);
    expect(svg).toContain("<title>");
    expect(svg).not.toMatch(/<script|href="http/);
    const square = await (await badgeGET(request(`/badge.svg?incident=${DEMO_INCIDENT_SLUG}&style=flat-square`))).text();
    expect(square).toContain("% restored");
    const unknown = await badgeGET(request("/badge.svg?incident=nope"));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("cache-control")).toBe("no-store");
    expect((await badgeGET(request("/badge.svg?style=huge"))).status).toBe(400);
  });

  it("the widget is a page without any script, with each category's share restored and links out", async () => {
    const response = await widgetGET(request("/widget"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toMatch(/^public, /);
    const html = await response.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(html).not.toMatch(/<script|\son[a-z]+=/i);
    expect(html).toContain('<base target="_blank"/>');
    const overview = await getPublicStatus();
    for (const c of overview.active[0]!.categories) {
      expect(html).toContain(`<span>${c.label}</span><span>${((Math.round((c.restored / c.affected) * 1000) / 10)).toFixed(1)}% restored</span>`);
    }
    expect(html).toContain(`/incidents/${DEMO_INCIDENT_SLUG}"`);
    expect((await widgetGET(request("/widget?incident=Bad Slug"))).status).toBe(400);
  });

  it("speak the language of ?lang=: words, numbers, kinds of data, links; a malformed tag is a 400", async () => {
    const es = await (await widgetGET(request("/widget?lang=es-MX"))).text();
    expect(es).toMatch(/^<!DOCTYPE html><html lang="es">/);
    expect(es).toContain("<title>Estado de la recuperación</title>");
    expect(es).toMatch(/<span>Contactos<\/span><span>\d+,\d\s%\srecuperado<\/span>/);
    expect(es).toContain(`/es/incidents/${DEMO_INCIDENT_SLUG}"`);
    expect(es).toContain("Página de estado completa");
    expect(es).not.toMatch(/restored|Full status page|as of/);
    const ar = await (await widgetGET(request("/widget?lang=ar"))).text();
    expect(ar).toMatch(/^<!DOCTYPE html><html lang="ar" dir="rtl">/);
    const badge = await (await badgeGET(request("/badge.svg?lang=de"))).text();
    expect(badge).toContain("Wiederherstellung");
    expect(badge).toMatch(/schwerer Ausfall · \d+,\d\s%\swiederhergestellt/);
    expect((await widgetGET(request("/widget?lang=!!"))).status).toBe(400);
    const code = await (await embedCodeGET(request("/widget/embed-code?lang=fr"))).text();
    expect(code).toContain("/widget?lang=fr&quot; title=&quot;État de la récupération&quot;");
    expect(code).toContain("&lt;a href=&quot;http://localhost:3000/fr&quot;&gt;&lt;img src=&quot;http://localhost:3000/badge.svg?lang=fr&quot;");
  });

  it("the embed code carries the portal's public address", async () => {
    const html = await (await embedCodeGET(request("/widget/embed-code"))).text();
    expect(html).toContain("&lt;iframe src=&quot;http://localhost:3000/widget&quot;");
    expect(html).toContain("&lt;img src=&quot;http://localhost:3000/badge.svg&quot;");
  });
});
