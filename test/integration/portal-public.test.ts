import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { loadPublicData, type PublicData } from "@/lib/public/public-data";
import { setPublicSnapshotStore } from "@/lib/public/public-snapshot";
import { revalidatePublicPages } from "@/lib/public/revalidate";
import { SnapshotStore } from "@/lib/public/snapshot-store";
import { DEMO_INCIDENT_SLUG, seedDemo } from "@/lib/seed/seed-demo";
import { GET as statusGET } from "@/app/api/v1/status/route";
import { GET as incidentsGET } from "@/app/api/v1/incidents/route";
import { GET as atomGET } from "@/app/feed.atom/route";
import { GET as rssGET } from "@/app/feed.rss/route";
import IncidentPage from "@/app/[locale]/incidents/[slug]/page";
import LetterPage from "@/app/[locale]/letters/[slug]/page";
import StatusPage from "@/app/[locale]/page";
import ErrorPage from "@/app/[locale]/error";
import GlobalError from "@/app/global-error";
import { PathnameContext } from "next/dist/shared/lib/hooks-client-context.shared-runtime";
import { useTestDatabase, type TestDatabase } from "../helpers/db";
import { incidentsSchema, statusSchema } from "../helpers/public-api-schemas";

const malicious = [
  "Hello <script>alert('xss')</script>",
  "[click me](javascript:alert(1))",
  '<img src="x" onerror="alert(2)">',
  "![huge](https://evil.example/huge.png)",
  '<a href="https://example.com" onclick="steal()">link</a>',
  '<iframe src="https://evil.example/"></iframe>',
].join("\n\n");

// Made while collecting the file, so it is dropped after the file.
const db: TestDatabase = await useTestDatabase();
let store: SnapshotStore<PublicData>;
let loads = 0;

beforeAll(async () => {
  await seedDemo(db, { accounts: 120 });
  const incident = await db.prisma.incident.findUniqueOrThrow({ where: { slug: DEMO_INCIDENT_SLUG } });
  await db.prisma.incidentUpdate.create({
    data: { incidentId: incident.id, status: "recovering", body: malicious, publishedAt: new Date(Date.now() + 1000) },
  });
  // Drafts never reach the public: an unpublished incident and an unpublished letter.
  const draft = await db.prisma.incident.create({
    data: { slug: "draft-incident", title: "Secret draft", summary: "not yet", startedAt: new Date() },
  });
  await db.prisma.letter.create({
    data: { incidentId: incident.id, slug: "draft-letter", title: "Draft", body: "x", signatoryName: "A", signatoryTitle: "B" },
  });
  await db.prisma.letter.create({
    data: { incidentId: draft.id, slug: "draft-incident-letter", title: "Draft", body: "x", signatoryName: "A", signatoryTitle: "B" },
  });
  // A resolved incident is a past incident: listed, but not in the current status.
  await db.prisma.incident.create({
    data: {
      slug: "old-outage",
      title: "Old outage",
      summary: "Fixed long ago",
      status: "resolved",
      impact: "minor",
      startedAt: new Date("2025-01-01T00:00:00Z"),
      resolvedAt: new Date("2025-01-02T00:00:00Z"),
      publishedAt: new Date("2025-01-01T01:00:00Z"),
    },
  });
  store = new SnapshotStore({
    load: () => {
      loads++;
      return loadPublicData(db.prisma);
    },
    refreshMs: 60_000,
  });
  setPublicSnapshotStore(store);
});

async function html(element: Promise<React.ReactElement>): Promise<string> {
  return renderToStaticMarkup(await element);
}

async function status404(run: () => Promise<unknown>): Promise<void> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(String((error as { digest?: string })?.digest ?? error)).toMatch(/404/);
}

describe("public API", () => {
  it("GET /api/v1/status has the documented shape, CORS open and CDN caching", async () => {
    const response = await statusGET(new Request("http://localhost/api/v1/status"));
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toMatch(/public.*s-maxage=5.*stale-while-revalidate/);
    const body = statusSchema.parse(await response.json());
    expect(body.status).toBe("major_outage");
    expect(body.incidents.map((i) => i.slug)).toEqual([DEMO_INCIDENT_SLUG]);
    const contacts = body.incidents[0]!.categories.find((c) => c.key === "contacts")!;
    expect(contacts.affected).toBe(contacts.pending + contacts.restoring + contacts.restored + contacts.partial + contacts.unrecoverable);
    expect(body.incidents[0]!.letters.map((l) => l.slug)).toEqual(["we-are-sorry"]);
  });

  it("GET /api/v1/incidents pages, and names the field of a bad query", async () => {
    const ok = await incidentsGET(new NextRequest("http://localhost/api/v1/incidents?page=1&limit=1"));
    const body = incidentsSchema.parse(await ok.json());
    expect(body).toMatchObject({ page: 1, limit: 1, total: 2, totalPages: 2 });
    expect(body.incidents.map((i) => i.slug)).toEqual([DEMO_INCIDENT_SLUG]);
    const second = incidentsSchema.parse(await (await incidentsGET(new NextRequest("http://localhost/api/v1/incidents?page=2&limit=1"))).json());
    expect(second.incidents.map((i) => i.slug)).toEqual(["old-outage"]);
    const empty = incidentsSchema.parse(await (await incidentsGET(new NextRequest("http://localhost/api/v1/incidents?page=3&limit=1"))).json());
    expect(empty.incidents).toEqual([]);

    for (const [query, field] of [
      ["page=0", "page"],
      ["page=abc", "page"],
      ["page=1.5", "page"],
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["limit=ten", "limit"],
    ] as const) {
      const response = await incidentsGET(new NextRequest(`http://localhost/api/v1/incidents?${query}`));
      expect(response.status, query).toBe(400);
      const error = (await response.json()) as { error: { code: string; message: string; details: { field: string } } };
      expect(error.error.code).toBe("VALIDATION");
      expect(error.error.details.field).toBe(field);
      expect(error.error.message).toContain(field);
    }
  });

  it("feeds have one entry per published update and letter revision, with inert content", async () => {
    const atom = await (await atomGET(new Request("http://localhost/feed.atom"))).text();
    const rss = await (await rssGET(new Request("http://localhost/feed.rss"))).text();
    // 5 seeded updates + 1 here, 2 letter revisions.
    expect(atom.match(/<entry>/g)).toHaveLength(8);
    expect(rss.match(/<item>/g)).toHaveLength(8);
    for (const xml of [atom, rss]) {
      expect(xml).not.toMatch(/<script|javascript:|onerror|onclick|evil\.example|draft/i);
    }
  });
});

describe("public pages", () => {
  it("the error page shows no error details", async () => {
    const error = Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2"), { digest: "123" });
    error.stack = "Error: boom\n    at secretFunction (/srv/app/lib/secret.ts:1:1)";
    const page = renderToStaticMarkup(createElement(ErrorPage, { error, reset: () => {} }));
    expect(page).toContain("Something went wrong");
    expect(page).not.toMatch(/ECONNREFUSED|hunter2|secretFunction|\.ts:|boom/);
    const global = renderToStaticMarkup(createElement(GlobalError));
    expect(global).not.toMatch(/ECONNREFUSED|stack/);
    expect(global).toContain('<html lang="en" dir="ltr">');
  });

  it("the last-resort error page speaks the language of the address", () => {
    const at = (path: string) => renderToStaticMarkup(createElement(PathnameContext.Provider, { value: path }, createElement(GlobalError)));
    const spanish = at("/es/incidents/cloud-sync-outage");
    expect(spanish).toContain('<html lang="es" dir="ltr">');
    expect(spanish).toContain("Algo salió mal");
    expect(spanish).toContain('href="/es"');
    const arabic = at("/ar");
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    expect(arabic).not.toContain("Something went wrong");
    expect(at("/incidents/x")).toContain("Something went wrong");
  });

  it("render the status page from the snapshot, without a query per view", async () => {
    const before = loads;
    const page = await html(StatusPage());
    await html(StatusPage());
    expect(loads - before).toBe(0);
    expect(page).toContain("Cloud sync outage");
    expect(page).toMatch(/\d+\.\d% restored, [\d,]+ of [\d,]+ accounts/);
    expect(page).toContain("What you can do now");
    expect(page).toContain('role="img"');
    expect(page).toContain("Show these figures as a table");
    expect(page).not.toContain("Secret draft");
    expect(page).toMatch(/Past incidents[\s\S]*Old outage/);
  });

  it("renders malicious markdown in an update inert", async () => {
    const page = await html(IncidentPage({ params: Promise.resolve({ slug: DEMO_INCIDENT_SLUG }) }));
    expect(page).toContain("Hello");
    expect(page).not.toMatch(/<script>alert|javascript:|onerror=|onclick=|<iframe|evil\.example/i);
    expect(page).toContain("If your data cannot be recovered");
  });

  it("shows the latest letter revision with its correction and every earlier version", async () => {
    const page = await html(LetterPage({ params: Promise.resolve({ slug: "we-are-sorry" }) }));
    expect(page).toContain("Alex Morgan");
    expect(page).toContain("Correction (");
    expect(page).toContain('href="/letters/we-are-sorry/revisions/1"');
  });

  it("answers a real 404 for unknown and unpublished slugs", async () => {
    await status404(() => IncidentPage({ params: Promise.resolve({ slug: "no-such-incident" }) }));
    await status404(() => IncidentPage({ params: Promise.resolve({ slug: "draft-incident" }) }));
    await status404(() => LetterPage({ params: Promise.resolve({ slug: "draft-letter" }) }));
    await status404(() => LetterPage({ params: Promise.resolve({ slug: "draft-incident-letter" }) }));
  });

  it("shows staff changes after revalidatePublicPages()", async () => {
    await db.prisma.incident.update({ where: { slug: DEMO_INCIDENT_SLUG }, data: { title: "Cloud sync outage (renamed)" } });
    expect(await html(StatusPage())).not.toContain("(renamed)");
    revalidatePublicPages();
    expect(await html(StatusPage())).toContain("(renamed)");
  });
});
