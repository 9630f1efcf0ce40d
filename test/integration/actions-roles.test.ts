import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { FormAction } from "@/lib/http/define-action";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";
import { signedInAs } from "../helpers/staff";

// Server actions read the request through next/headers: give them ours.
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [], has: () => false }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
// Where an upload that got through would be stored (none may).
const dataDir = mkdtempSync(path.join(tmpdir(), "actions-roles-"));
process.env.DATA_DIR = dataDir;

/**
 * The accounts, imports, mail and webhooks actions check the caller
 * themselves: anonymous -> UNAUTHENTICATED, a role without the permission -> FORBIDDEN,
 * and nothing is written. So does the upload route of the bulk change by CSV file (its
 * step 1; step 2 is an accounts action). (staff-actions.test.ts covers the incidents,
 * letters and staff actions the same way; imports-upload.test.ts the imports upload route.)
 */
const modules = {
  accounts: () => import("@/app/admin/accounts/actions"),
  imports: () => import("@/app/admin/imports/actions"),
  mail: () => import("@/app/admin/mail/actions"),
  webhooks: () => import("@/app/admin/webhooks/actions"),
};

describe("accounts, imports, mail and webhooks actions refuse callers without the permission", async () => {
  const db = await useTestDatabase();
  const { accounts, categories } = await createIncidentWithAccounts(db, { accounts: 1 });
  const viewer = await signedInAs(db, "viewer");
  const editor = await signedInAs(db, "editor");
  const support = await signedInAs(db, "support");
  const admin = await signedInAs(db, "admin");
  const before = { events: await db.prisma.restoreEvent.count(), audit: await db.prisma.auditLog.count() };

  const form = () => {
    const f = new FormData();
    const fields: Record<string, string> = {
      accountId: String(accounts[0]!.id),
      categoryId: String(categories[0]!.id),
      toState: "restored",
      fromState: "pending",
      categoryKey: categories[0]!.key,
      expectedCount: "1",
      note: "forged",
      jobId: "00000000-0000-4000-8000-000000000001",
      uploadId: "00000000-0000-4000-8000-000000000002",
      expectedChanges: "1",
      id: "1",
      url: "http://127.0.0.1:9/forged",
      events: "incident.created",
      enabled: "false",
    };
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    return f;
  };

  for (const [area, load] of Object.entries(modules)) {
    // Webhooks are admins' only: support is refused too.
    const refused = area === "webhooks" ? { viewer, editor, support } : { viewer, editor };
    it(`${area}: anonymous -> UNAUTHENTICATED; ${Object.keys(refused).join(", ")} -> FORBIDDEN`, async () => {
      const actions = Object.entries(await load()).filter(([, v]) => typeof v === "function") as [string, FormAction][];
      expect(actions.length).toBeGreaterThan(0);
      if (area === "accounts") expect(actions.map(([name]) => name)).toContain("confirmStateChangeFileAction");
      for (const [name, action] of actions) {
        requestHeaders = new Headers();
        expect(await action({ status: "idle" }, form()), name).toMatchObject({ status: "error", code: "UNAUTHENTICATED" });
        for (const who of Object.values(refused)) {
          requestHeaders = who;
          expect(await action({ status: "idle" }, form()), name).toMatchObject({ status: "error", code: "FORBIDDEN" });
        }
      }
    });
  }

  it("bulk change upload route: anonymous -> 401; viewer and editor -> 403; nothing stored", async () => {
    const { POST } = await import("@/app/api/admin/accounts/bulk/route");
    const post = () => {
      const f = new FormData();
      f.set("file", new File([`account_ref,category,state\n${accounts[0]!.externalRef},${categories[0]!.key},restored\n`], "forged.csv", { type: "text/csv" }));
      return POST(new Request("http://localhost/api/admin/accounts/bulk", { method: "POST", body: f, headers: { accept: "application/json" } }));
    };
    requestHeaders = new Headers();
    expect((await post()).status).toBe(401);
    for (const who of [viewer, editor]) {
      requestHeaders = who;
      expect((await post()).status).toBe(403);
    }
    expect(existsSync(path.join(dataDir, "state-changes"))).toBe(false);
  });

  it("nothing was written by the refused calls", async () => {
    expect(await db.prisma.restoreEvent.count()).toBe(before.events);
    expect(await db.prisma.auditLog.count()).toBe(before.audit);
    expect(await db.prisma.webhookEndpoint.count()).toBe(0);
    expect(await db.prisma.webhookDelivery.count()).toBe(0);
  });

  it("an admin registers a webhook endpoint with the same form: the secret is in the answer once, audited", async () => {
    const { createWebhookEndpointAction } = await import("@/app/admin/webhooks/actions");
    requestHeaders = admin;
    const result = await createWebhookEndpointAction({ status: "idle" }, form());
    expect(result).toMatchObject({ status: "ok", data: { webhookSecret: expect.stringMatching(/^whsec_/) as unknown } });
    expect(await db.prisma.auditLog.count({ where: { action: "webhook.create" } })).toBe(1);
  });
});
