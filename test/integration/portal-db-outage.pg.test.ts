import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it, vi } from "vitest";
import { database, openDatabase, setDatabase, type Database } from "@/lib/db";
import { loadPublicData, type PublicData } from "@/lib/public/public-data";
import { setPublicSnapshotStore } from "@/lib/public/public-snapshot";
import { SnapshotStore } from "@/lib/public/snapshot-store";
import { DEMO_INCIDENT_SLUG, seedDemo } from "@/lib/seed/seed-demo";
import { GET as statusGET } from "@/app/api/v1/status/route";
import { GET as summaryV2GET } from "@/app/api/v2/summary.json/route";
import IncidentPage from "@/app/[locale]/incidents/[slug]/page";
import LetterPage from "@/app/[locale]/letters/[slug]/page";
import StatusPage from "@/app/[locale]/page";
import { useTestDatabase } from "../helpers/db";

/**
 * The status page must outlive its database. A small TCP proxy stands between the app
 * and PostgreSQL; cutting it makes the database unreachable exactly as a network
 * failure or a crashed server would. Runs on the PostgreSQL project only
 * (TEST_DATABASE_URL set): PGlite lives inside the process and cannot be cut.
 */
class CuttableProxy {
  private server: net.Server | undefined;
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server!.address() as net.AddressInfo).port;
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

const render = async (element: Promise<React.ReactElement>) => renderToStaticMarkup(await element);

describe("public portal with the database down", async () => {
  // Created while collecting, so its afterAll (which drops the database) is registered.
  const direct = await useTestDatabase();
  const dir = mkdtempSync(path.join(tmpdir(), "portal-outage-"));
  const file = path.join(dir, "public-snapshot.json");
  let proxied: Database | undefined;
  afterAll(async () => {
    await proxied?.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 200 from the last good snapshot, saying how old it is, and recovers", async () => {
    // Idle pool clients report the cut connection; that is the point of the test.
    vi.spyOn(console, "error").mockImplementation(() => {});
    await seedDemo(direct, { accounts: 50 });

    const target = new URL(direct.url!);
    const proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.open();
    const viaProxy = new URL(direct.url!);
    viaProxy.port = String(proxy.port);
    proxied = await openDatabase({ url: viaProxy.toString(), max: 2 });
    setDatabase(proxied);

    const makeStore = () =>
      new SnapshotStore<PublicData>({
        load: async () => loadPublicData((await database()).prisma),
        file,
        refreshMs: 100,
        waitMs: 300,
        timeoutMs: 1_500,
      });
    setPublicSnapshotStore(makeStore());

    const fresh = (await (await statusGET(new Request("http://localhost/api/v1/status"))).json()) as { stale: boolean; incidents: { slug: string }[] };
    expect(fresh.stale).toBe(false);
    expect(fresh.incidents[0]?.slug).toBe(DEMO_INCIDENT_SLUG);

    await proxy.cut();
    await new Promise((r) => setTimeout(r, 150));

    // The first read after the cut tries the database, fails, and serves the copy.
    const started = performance.now();
    const response = await statusGET(new Request("http://localhost/api/v1/status"));
    expect(response.status).toBe(200);
    const stale = (await response.json()) as { stale: boolean; ageSeconds: number; incidents: { slug: string }[] };
    expect(stale.stale).toBe(true);
    expect(stale.incidents[0]?.slug).toBe(DEMO_INCIDENT_SLUG);
    expect(performance.now() - started).toBeLessThan(2_000);
    // The Statuspage v2 documents come from the same snapshot.
    const v2 = await summaryV2GET(new Request("http://localhost/api/v2/summary.json"));
    expect(v2.status).toBe(200);
    expect(((await v2.json()) as { incidents: { shortlink: string }[] }).incidents[0]?.shortlink).toMatch(new RegExp(`/incidents/${DEMO_INCIDENT_SLUG}$`));

    for (const page of [
      StatusPage(),
      IncidentPage({ params: Promise.resolve({ slug: DEMO_INCIDENT_SLUG }) }),
      LetterPage({ params: Promise.resolve({ slug: "we-are-sorry" }) }),
    ]) {
      const html = await render(page);
      expect(html).toContain("These figures may be out of date");
      expect(html).toMatch(/as of .+ UTC \(\d+ seconds ago\)/);
    }

    // A restarted process with the database still down serves the copy kept on disk.
    setPublicSnapshotStore(makeStore());
    const afterRestart = (await (await statusGET(new Request("http://localhost/api/v1/status"))).json()) as { stale: boolean; incidents: unknown[] };
    expect(afterRestart).toMatchObject({ stale: true });
    expect(afterRestart.incidents).toHaveLength(1);
    expect(((await (await summaryV2GET(new Request("http://localhost/api/v2/summary.json"))).json()) as { incidents: unknown[] }).incidents).toHaveLength(1);

    // The database comes back on the same address: the next refresh clears the flag.
    await proxy.open();
    await expect
      .poll(async () => ((await (await statusGET(new Request("http://localhost/api/v1/status"))).json()) as { stale: boolean }).stale, { timeout: 10_000, interval: 200 })
      .toBe(false);
    await proxy.cut();
  });
});
