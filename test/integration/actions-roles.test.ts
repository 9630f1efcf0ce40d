import { describe, expect, it, vi } from "vitest";
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

/**
 * The accounts, imports and mail actions (form actions that redirect) check the caller
 * themselves: anonymous -> UNAUTHENTICATED, a role without the permission -> FORBIDDEN,
 * and nothing is written. (staff-actions.test.ts covers the incidents, letters and staff
 * actions the same way.)
 */
const modules = {
  accounts: () => import("@/app/admin/accounts/actions"),
  imports: () => import("@/app/admin/imports/actions"),
  mail: () => import("@/app/admin/mail/actions"),
};

describe("accounts, imports and mail actions refuse callers without the permission", async () => {
  const db = await useTestDatabase();
  const { accounts, categories } = await createIncidentWithAccounts(db, { accounts: 1 });
  const viewer = await signedInAs(db, "viewer");
  const editor = await signedInAs(db, "editor");
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
      id: "1",
    };
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    return f;
  };

  for (const [area, load] of Object.entries(modules)) {
    it(`${area}: anonymous -> UNAUTHENTICATED; viewer and editor -> FORBIDDEN`, async () => {
      const actions = Object.entries(await load()).filter(([, v]) => typeof v === "function") as [string, (f: FormData) => Promise<void>][];
      expect(actions.length).toBeGreaterThan(0);
      for (const [name, action] of actions) {
        requestHeaders = new Headers();
        await expect(action(form()), name).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
        for (const who of [viewer, editor]) {
          requestHeaders = who;
          await expect(action(form()), name).rejects.toMatchObject({ code: "FORBIDDEN" });
        }
      }
    });
  }

  it("nothing was written by the refused calls", async () => {
    expect(await db.prisma.restoreEvent.count()).toBe(before.events);
    expect(await db.prisma.auditLog.count()).toBe(before.audit);
  });
});
