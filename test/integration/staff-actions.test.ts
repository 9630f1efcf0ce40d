import { describe, expect, it, vi } from "vitest";
import type { ActionState } from "@/lib/http/action-state";
import { useTestDatabase } from "../helpers/db";
import { signedInAs } from "../helpers/staff";

/**
 * Every staff server action makes its own check: each exported action is called with no
 * session and with a viewer's session, and must refuse before touching anything. A new
 * action added to these files without requireStaff fails this test.
 */
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [], has: () => false }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const modules = {
  incidents: () => import("@/app/admin/incidents/actions"),
  letters: () => import("@/app/admin/letters/actions"),
  staff: () => import("@/app/admin/staff/actions"),
};
/** Actions any signed-in role may call (read-only previews). */
const readOnly = new Set(["previewLetterForAccountAction"]);

function sampleForm(): FormData {
  const form = new FormData();
  const fields: Record<string, string> = {
    id: "00000000-0000-4000-8000-000000000001",
    incidentId: "00000000-0000-4000-8000-000000000001",
    userId: "someone",
    version: "1",
    title: "Forged title",
    slug: "forged",
    summary: "Forged summary",
    body: "Forged body text",
    status: "resolved",
    impact: "major",
    startedAt: "2026-11-20T08:00",
    categories: "Contacts",
    signatoryName: "Nobody",
    signatoryTitle: "None",
    email: "forged@example.com",
    role: "admin",
    disabled: "true",
    externalRef: "SK-0000001",
  };
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

describe("server actions check the caller themselves", async () => {
  const db = await useTestDatabase();
  const viewer = await signedInAs(db, "viewer");
  const auditBefore = await db.prisma.auditLog.count();

  for (const [area, load] of Object.entries(modules)) {
    it(`${area}: every action refuses an anonymous caller and a viewer`, async () => {
      const actions = Object.entries(await load()).filter(([, v]) => typeof v === "function") as [string, (s: ActionState, f: FormData) => Promise<ActionState>][];
      expect(actions.length).toBeGreaterThan(0);
      for (const [name, action] of actions) {
        requestHeaders = new Headers();
        const anonymous = await action({ status: "idle" }, sampleForm());
        expect(anonymous, name).toMatchObject({ status: "error", code: "UNAUTHENTICATED" });
        requestHeaders = viewer;
        const asViewer = await action({ status: "idle" }, sampleForm());
        if (readOnly.has(name)) expect(asViewer.status === "error" ? asViewer.code : "ok", name).not.toMatch(/FORBIDDEN|UNAUTHENTICATED/);
        else expect(asViewer, name).toMatchObject({ status: "error", code: "FORBIDDEN" });
      }
    });
  }

  it("nothing was written by the refused calls", async () => {
    expect(await db.prisma.auditLog.count()).toBe(auditBefore);
    expect(await db.prisma.incident.count()).toBe(0);
    expect(await db.prisma.staffUser.count({ where: { email: "forged@example.com" } })).toBe(0);
  });

  it("the markdown preview needs a session too", async () => {
    const { previewMarkdownAction } = await import("@/app/admin/actions");
    requestHeaders = new Headers();
    await expect(previewMarkdownAction("**x**")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    requestHeaders = viewer;
    await expect(previewMarkdownAction("**x**")).resolves.toBe("<p><strong>x</strong></p>\n");
  });
});
