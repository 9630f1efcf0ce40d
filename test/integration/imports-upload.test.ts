import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/admin/imports/route";
import { importFilePath } from "@/lib/imports/create-import-job";
import { commitImportJob } from "@/lib/imports/start-import-job";
import { databaseSource, storeUploadInDatabase, uploadChunkBytes } from "@/lib/imports/upload-source";
import { getImportJob } from "@/lib/imports/get-import-job";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";
import { signedInAs } from "../helpers/staff";

// The route checks the signed-in staff member through next/headers: give it ours.
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [] }),
}));

// Read by env() on first use, which happens inside the tests below.
process.env.IMPORT_MAX_BYTES = "4096";
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "imports-upload-"));

describe("upload route and background job", async () => {
  const db = await useTestDatabase();
  const support = await signedInAs(db, "support");
  const viewer = await signedInAs(db, "viewer");
  beforeEach(() => {
    requestHeaders = support;
  });
  await createIncidentWithAccounts(db, { accounts: 1, slug: "up", categories: ["contacts", "calendar", "photos"] });
  const sample = readFileSync("test/fixtures/affected-accounts.csv", "utf8");

  const upload = (content: string, name = "sample.csv") => {
    const form = new FormData();
    form.set("file", new File([content], name, { type: "text/csv" }));
    return POST(new Request("http://localhost/api/admin/imports", { method: "POST", body: form, headers: { accept: "application/json" } }));
  };
  const settled = async (id: string) => {
    for (let i = 0; i < 200; i++) {
      const job = await getImportJob(db.prisma, id);
      if (!job.active && job.status !== "uploaded") return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("import did not finish");
  };

  it("refuses anonymous callers (401) and a viewer (403), storing nothing", async () => {
    requestHeaders = new Headers();
    expect((await upload(sample)).status).toBe(401);
    requestHeaders = viewer;
    expect((await upload(sample)).status).toBe(403);
    expect(await db.prisma.importJob.count()).toBe(0);
  });

  it("refuses a file over the limit with 413 naming the limit, before storing anything", async () => {
    const response = await upload("x".repeat(5000));
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain("upload limit of 4 KB (IMPORT_MAX_BYTES)");
    const declared = await POST(
      new Request("http://localhost/api/admin/imports?name=big.csv", { method: "POST", body: "a", headers: { "content-length": "999999999", "content-type": "text/csv" } }),
    );
    expect(declared.status).toBe(413);
    expect(await db.prisma.importJob.count()).toBe(0);
  });

  it("stores the upload, dry-runs it in the background, then commits once on request", async () => {
    const response = await upload(sample);
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    // PostgreSQL: in the database, for every instance; embedded (one process): on disk.
    const chunks = db.engine === "postgres" ? await db.prisma.uploadChunk.count({ where: { uploadId: id } }) : 0;
    expect(chunks).toBe(db.engine === "postgres" ? 1 : 0);
    expect(existsSync(importFilePath(id))).toBe(db.engine !== "postgres");
    const checked = await settled(id);
    expect(checked).toMatchObject({ status: "validated", dryRun: true, rowsRead: 8, rowsRejected: 0, canCommit: true, percent: 100 });
    expect(await db.prisma.account.count({ where: { externalRef: { startsWith: "IMP-" } } })).toBe(0);

    const actor = { type: "staff" as const, id: "admin-1", label: "admin@example.com" };
    await commitImportJob(id, actor);
    await expect(commitImportJob(id, actor)).rejects.toMatchObject({ code: "CONFLICT" });
    const applied = await settled(id);
    expect(applied).toMatchObject({ status: "applied", dryRun: false, rowsApplied: 8, canCommit: false });
    expect(applied.progress.summary).toMatchObject({ accountsCreated: 4, impactsCreated: 8 });
    expect(await db.prisma.account.count({ where: { externalRef: { startsWith: "IMP-" } } })).toBe(4);
  });

  it("keeps a file with errors from being committed", async () => {
    const response = await upload(readFileSync("test/fixtures/affected-accounts-bad.csv", "utf8"), "bad.csv");
    const { id } = (await response.json()) as { id: string };
    const checked = await settled(id);
    expect(checked).toMatchObject({ status: "validated", rowsRejected: 7, canCommit: false });
    expect(checked.errors[0]).toEqual({ line: 3, field: "category", reason: expect.stringContaining("unknown category") });
    await expect(commitImportJob(id, { type: "staff", id: "admin-1", label: "a" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("estimates the time left from the rate since the phase started, when much was merged while reading", async () => {
    const incident = await db.prisma.incident.findFirstOrThrow({ where: { slug: "up" } });
    const now = new Date("2026-11-26T12:00:00Z");
    const job = await db.prisma.importJob.create({
      data: {
        incidentId: incident.id,
        fileName: "big.csv",
        status: "applying",
        rowsRead: 1_000_000,
        rowsApplied: 800_000,
        // 600,000 of them merged while reading; 200,000 more in the 20 s since: 200,000 left = 20 s.
        progress: { phase: "applying", rowsValid: 1_000_000, rowsAppliedAtPhaseStart: 600_000, phaseStartedAt: new Date(now.getTime() - 20_000).toISOString() },
      },
    });
    const view = await getImportJob(db.prisma, job.id, now);
    expect(view.percent).toBe(80);
    expect(view.etaSeconds).toBe(20);
  });

  it.runIf(db.engine === "postgres")("keeps a large upload in ordered 1 MiB chunks, reads it back byte for byte, and keeps nothing of one over the limit", async () => {
    const bytes = Buffer.alloc(Math.floor(2.5 * uploadChunkBytes));
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    const id = "00000000-0000-4000-8000-000000000001";
    const stored = await storeUploadInDatabase(db.driver, id, new Blob([bytes]).stream(), 10 * uploadChunkBytes, "hint");
    expect(stored.bytes).toBe(bytes.length);
    expect(await db.prisma.uploadChunk.count({ where: { uploadId: id } })).toBe(3);
    const source = databaseSource(db.driver, id);
    expect(await source.bytes()).toBe(bytes.length);
    const back: Buffer[] = [];
    for await (const chunk of source.open()) back.push(chunk as Buffer);
    expect(Buffer.concat(back).equals(bytes)).toBe(true);

    const over = "00000000-0000-4000-8000-000000000002";
    await expect(storeUploadInDatabase(db.driver, over, new Blob([bytes]).stream(), Math.floor(1.5 * uploadChunkBytes), "hint")).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(await db.prisma.uploadChunk.count({ where: { uploadId: over } })).toBe(0);
  });
});
