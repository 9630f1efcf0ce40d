import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, setDatabase, type Database } from "@/lib/db";
import { loadPublicData } from "@/lib/public/public-data";
import { setPublicSnapshotStore } from "@/lib/public/public-snapshot";
import { SnapshotStore } from "@/lib/public/snapshot-store";
import { GET as statusGET } from "@/app/api/v1/status/route";
import IncidentPage from "@/app/[locale]/incidents/[slug]/page";
import { engine, useTestDatabase } from "../helpers/db";
import { statusSchema } from "../helpers/public-api-schemas";

/**
 * Day one with nothing but the CLI: on an empty database (no seed, no console), an
 * operator creates the incident, imports the affected accounts and publishes the first
 * update, each a separate `npm run cli` process; the public status then serves it.
 */
describe("a fresh database set up with the CLI only", { timeout: 240_000 }, async () => {
  const pg = engine === "postgres" ? await useTestDatabase() : null;
  const dataDir = mkdtempSync(path.join(tmpdir(), "rp-day-one-"));
  const env = { ...process.env, NODE_ENV: "test" as const, DATA_DIR: dataDir, DATABASE_URL: pg?.url ?? "", PUBLIC_URL: "https://status.example.com" };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  function cli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = execFile(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env, timeout: 90_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
      child.stdin?.end(stdin ?? "");
    });
  }

  it("create-incident, import, publish-update: the new incident is on the public status", async () => {
    const created = await cli(["create-incident", "--slug", "sync-loss", "--title", "Sync data loss", "--categories", "contacts,calendar,photos", "--json"]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ slug: "sync-loss", published: false });

    const imported = await cli(["import", "test/fixtures/affected-accounts.csv", "--incident", "sync-loss"]);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toContain("Accounts created 4");

    const update = await cli(["publish-update", "--incident", "sync-loss", "--status", "recovering"], "Restores have started, **contacts first**.\n");
    expect(update.code, update.stderr).toBe(0);
    expect(update.stdout).toContain("https://status.example.com/incidents/sync-loss");
    expect(update.stdout).toContain("now public");

    const status = await cli(["status", "--incident", "sync-loss"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/contacts\s+4\s+2\s+0\s+1\s+0\s+1\s+0\s+25\.0/);

    // The app's view of the same database.
    const db: Database = pg ?? (await openDatabase({ dataDir }));
    try {
      setDatabase(db);
      setPublicSnapshotStore(new SnapshotStore({ load: () => loadPublicData(db.prisma), refreshMs: 60_000 }));
      const document = statusSchema.parse(await (await statusGET(new Request("http://localhost/api/v1/status"))).json());
      expect(document.incidents.map((i) => i.slug)).toEqual(["sync-loss"]);
      const incident = document.incidents[0]!;
      expect(incident).toMatchObject({ title: "Sync data loss", status: "recovering", latestUpdate: { status: "recovering", body: "Restores have started, **contacts first**." } });
      expect(incident.categories.map((c) => [c.key, c.affected, c.restored])).toEqual([["contacts", 4, 1], ["calendar", 2, 0], ["photos", 1, 0]]);
      const page = renderToStaticMarkup(await IncidentPage({ params: Promise.resolve({ slug: "sync-loss" }) }));
      expect(page).toContain("Sync data loss");
      expect(page).toContain("<strong>contacts first</strong>");
    } finally {
      setPublicSnapshotStore(undefined);
      if (!pg) await db.close();
    }
  });
});
