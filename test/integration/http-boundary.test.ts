import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { useTestDatabase } from "../helpers/db";
import { createIncidentWithAccounts } from "../helpers/factories";
import { signedInAs } from "../helpers/staff";

/**
 * The boundary layer (lib/http/): the one error mapper, defineRoute's callers, body
 * limits and Origin check, defineAction's parse and result shape.
 */
let requestHeaders = new Headers();
vi.mock("next/headers", () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [], has: () => false }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

// Read by env() on first use, inside the tests below.
const limit = 256 * 1024;
process.env.IMPORT_MAX_BYTES = String(limit);
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "http-boundary-"));
delete process.env.PUBLIC_URL;
process.env.PORT = "3000";

const { defineRoute } = await import("@/lib/http/define-route");
const { defineAction } = await import("@/lib/http/define-action");
const { toAppError, errorJson } = await import("@/lib/http/map-error");
const { POST: importPost } = await import("@/app/api/admin/imports/route");

// One database for the file: the sessions made below must be valid in the one installed.
const db = await useTestDatabase();
await createIncidentWithAccounts(db, { accounts: 1, slug: "taken" });
const support = await signedInAs(db, "support");
const editor = await signedInAs(db, "editor");

describe("the error mapper", () => {

  it("ZodError -> 400 VALIDATION naming every field", async () => {
    const parsed = z.object({ email: z.email(), age: z.number() }).safeParse({ email: "x", age: "y" });
    const response = errorJson(parsed.error);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string; details: { fields: Record<string, string> } } };
    expect(body.error.code).toBe("VALIDATION");
    expect(body.error.message).toContain('"email"');
    expect(Object.keys(body.error.details.fields).sort()).toEqual(["age", "email"]);
  });

  it("a known Prisma error -> its AppError (unique constraint: 409, missing record: 404), with no SQL", async () => {
    const incident = await db.prisma.incident.findFirstOrThrow({ select: { title: true, summary: true, startedAt: true } });
    const duplicate = await db.prisma.incident
      .create({ data: { slug: "taken", title: incident.title, summary: incident.summary, startedAt: incident.startedAt } })
      .catch((e: unknown) => e);
    const conflict = toAppError(duplicate);
    expect(conflict.code).toBe("CONFLICT");
    expect(conflict.status).toBe(409);
    expect(JSON.stringify(await errorJson(duplicate).json())).not.toMatch(/incident|slug|constraint|INSERT/i);
    const missing = await db.prisma.incident.update({ where: { slug: "nope" }, data: { title: "x" } }).catch((e: unknown) => e);
    expect(toAppError(missing).status).toBe(404);
  });

  it("anything else -> 500 with nothing of it in the answer, and the whole error in the server log", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const secret = new Error('relation "staff_credential" does not exist at SELECT password FROM ... host=db.internal user=app');
    const response = errorJson(secret);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "INTERNAL", message: "Something went wrong on our side." } });
    expect(text).not.toMatch(/staff_credential|SELECT|db\.internal|user=|at /);
    expect(logged).toHaveBeenCalledWith(secret);
  });
});

describe("defineRoute", () => {
  const csv = "account_ref,email,display_name,categories\nSK-1,a@example.com,A,contacts\n";
  const uploadForm = () => {
    const form = new FormData();
    form.set("file", new File([csv], "a.csv", { type: "text/csv" }));
    return form;
  };

  it("parses query and path params with their schemas: 400 naming the field", async () => {
    const GET = defineRoute({
      who: "public",
      params: z.object({ slug: z.string().regex(/^[a-z]+$/) }),
      query: z.object({ limit: z.coerce.number().int().max(100) }),
      handle: async ({ params, query }) => ({ slug: params.slug, limit: query.limit }),
    });
    const ok = await GET(new Request("http://localhost/x?limit=5"), { params: Promise.resolve({ slug: "abc" }) });
    expect(await ok.json()).toEqual({ slug: "abc", limit: 5 });
    const bad = await GET(new Request("http://localhost/x?limit=500"), { params: Promise.resolve({ slug: "abc" }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: { field: string } } }).error.details.field).toBe("limit");
    expect(GET.spec.query).toBeDefined();
  });

  it("a JSON body over its limit -> 413 without reading it all; not JSON -> 400", async () => {
    const POST = defineRoute({ who: "public", body: { json: z.object({ a: z.number() }), maxBytes: 1024 }, handle: async ({ body }) => body });
    expect((await POST(new Request("http://localhost/x", { method: "POST", body: JSON.stringify({ a: 1 }) }))).status).toBe(200);
    const { stream, pulled } = endless();
    const big = await POST(new Request("http://localhost/x", { method: "POST", body: stream, duplex: "half" } as RequestInit));
    expect(big.status).toBe(413);
    expect(pulled()).toBeLessThan(1024 + 2 * chunkSize);
    expect((await POST(new Request("http://localhost/x", { method: "POST", body: "{nope" }))).status).toBe(400);
  });

  it("a cookie-authenticated write from another Origin -> 403, and nothing stored", async () => {
    requestHeaders = support;
    const before = await db.prisma.importJob.count();
    for (const origin of ["https://evil.example", "null"]) {
      const response = await importPost(new Request("http://localhost:3000/api/admin/imports", { method: "POST", body: uploadForm(), headers: { origin, cookie: support.get("cookie")! } }));
      expect(response.status).toBe(403);
    }
    const crossSite = await importPost(new Request("http://localhost:3000/api/admin/imports", { method: "POST", body: uploadForm(), headers: { "sec-fetch-site": "cross-site" } }));
    expect(crossSite.status).toBe(403);
    expect(await db.prisma.importJob.count()).toBe(before);
    const same = await importPost(
      new Request("http://localhost:3000/api/admin/imports", { method: "POST", body: uploadForm(), headers: { origin: "http://localhost:3000", accept: "application/json" } }),
    );
    expect(same.status).toBe(202);
  });

  it("a chunked upload (no Content-Length) past IMPORT_MAX_BYTES -> 413, read no further than the limit, memory flat", async () => {
    requestHeaders = support;
    const boundary = "----boundary-test";
    const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\naccount_ref\r\n`);
    // 64 times the limit, made as it is read: only what the server pulls ever exists.
    const { stream, pulled } = endless(head, 64 * limit);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const response = await importPost(
      new Request("http://localhost:3000/api/admin/imports", {
        method: "POST",
        body: stream,
        duplex: "half",
        headers: { "content-type": `multipart/form-data; boundary=${boundary}`, accept: "application/json" },
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");
    // Stopped within a few chunks of the limit (stream buffers), not at the end of the body.
    expect(pulled()).toBeLessThan(limit + 16 * chunkSize);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(8 * limit + 16 * 1024 * 1024);
    const raw = endless(new Uint8Array(), 64 * limit);
    const rawResponse = await importPost(
      new Request("http://localhost:3000/api/admin/imports?name=big.csv", { method: "POST", body: raw.stream, duplex: "half", headers: { "content-type": "text/csv" } } as RequestInit),
    );
    expect(rawResponse.status).toBe(413);
    expect(raw.pulled()).toBeLessThan(limit + 16 * chunkSize);
  });

  it("an API key route: no key -> 401, wrong scope -> 403", async () => {
    const { POST } = await import("@/app/api/v1/restores/route");
    expect((await POST(new Request("http://localhost/api/v1/restores", { method: "POST", body: "{}" }))).status).toBe(401);
  });
});

describe("defineAction", () => {
  const schema = z.object({ title: z.string().min(3, "at least 3 characters"), tags: z.array(z.string()).optional(), on: z.literal("on").optional() });
  const seen: unknown[] = [];
  const action = defineAction(
    "incidents:write",
    schema,
    async (input, { principal }) => {
      seen.push({ input, role: principal.role });
      if (input.title === "boom") throw new AppError("CONFLICT", "Taken.", { field: "title" });
      return { id: "1" };
    },
    { success: (result) => `Saved ${result.id}.` },
  );
  const form = (fields: [string, string][]) => {
    const f = new FormData();
    for (const [k, v] of fields) f.append(k, v);
    f.append("$ACTION_ID_abc", "");
    return f;
  };

  it("anonymous -> UNAUTHENTICATED before the form is even parsed", async () => {
    requestHeaders = new Headers();
    expect(await action({ status: "idle" }, form([["title", "x"]]))).toMatchObject({ status: "error", code: "UNAUTHENTICATED" });
    expect(seen).toHaveLength(0);
  });

  it("parses the form (repeated names as arrays, Next's fields left out) and returns one result shape", async () => {
    requestHeaders = editor;
    const ok = await action({ status: "idle" }, form([["title", "Hello"], ["tags", "a"], ["tags", "b"], ["on", "on"]]));
    expect(ok).toEqual({ status: "ok", message: "Saved 1.", data: { id: "1" } });
    expect(seen.at(-1)).toEqual({ input: { title: "Hello", tags: ["a", "b"], on: "on" }, role: "editor" });
  });

  it("invalid input -> VALIDATION with a message per field, and the use case never runs", async () => {
    requestHeaders = editor;
    const calls = seen.length;
    const state = await action({ status: "idle" }, form([["title", "x"]]));
    expect(state).toMatchObject({ status: "error", code: "VALIDATION", fieldErrors: { title: "at least 3 characters" } });
    expect(seen).toHaveLength(calls);
  });

  it("an AppError from the use case keeps its code and details", async () => {
    requestHeaders = editor;
    expect(await action({ status: "idle" }, form([["title", "boom"]]))).toEqual({ status: "error", code: "CONFLICT", message: "Taken.", details: { field: "title" } });
  });
});

const chunkSize = 16 * 1024;

/** A body made as it is read, `total` bytes after `head`; `pulled()` says how much was read. */
function endless(head: Uint8Array = new Uint8Array(), total = 1024 * 1024 * 1024) {
  let sent = 0;
  const chunk = new TextEncoder().encode("x".repeat(chunkSize - 1) + "\n");
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (head.byteLength) controller.enqueue(head);
    },
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => sent };
}
