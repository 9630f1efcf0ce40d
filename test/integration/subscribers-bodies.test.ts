import { describe, expect, it } from "vitest";
import { POST as accountPost } from "../../app/account/[token]/manage/route";
import { POST as lookupPost } from "../../app/[locale]/lookup/request/route";
import { POST as subscribePost } from "../../app/[locale]/subscribe/request/route";
import { POST as unsubscribePost } from "../../app/[locale]/unsubscribe/[token]/one-click/route";
import { useTestDatabase as freshTestDatabase } from "../helpers/db";
import { outbox, params } from "../helpers/subscribers-fixtures";

const db = await freshTestDatabase();

type Handler = (request: Request) => Promise<Response>;
const handlers: [string, Handler][] = [
  ["/lookup/request", lookupPost],
  ["/subscribe/request", subscribePost],
  ["/unsubscribe/a.1.x", (r) => unsubscribePost(r, params({ token: "a.1.x" }))],
  ["/account/x", (r) => accountPost(r, params({ token: "x" }))],
];

describe("route handlers refuse oversized and binary bodies", () => {
  it.each(handlers)("%s: oversized -> 413 (declared or streamed), binary -> 400, unknown type -> 400", async (path, handler) => {
    const url = `http://localhost${path}`;
    const big = "email=" + "a".repeat(100_000);
    const declared = await handler(new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: big }));
    expect(declared.status).toBe(413);

    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode("a".repeat(1024)));
        controller.close();
      },
    });
    const streamed = await handler(
      new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: stream, duplex: "half" } as RequestInit),
    );
    expect(streamed.status).toBe(413);

    const binary = await handler(
      new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0xc3]) }),
    );
    expect(binary.status).toBe(400);
    const nul = await handler(new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "email=a%00\u0000" }));
    expect(nul.status).toBe(400);
    const octets = await handler(new Request(url, { method: "POST", headers: { "content-type": "application/octet-stream" }, body: "email=x" }));
    expect(octets.status).toBe(400);
    expect(await outbox(db)).toEqual([]);
  });

  it("JSON callers get JSON errors", async () => {
    const response = await lookupPost(
      new Request("http://localhost/lookup/request", { method: "POST", headers: { "content-type": "application/json" }, body: "[1,2" }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
    const invalid = await lookupPost(
      new Request("http://localhost/lookup/request", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "x" }) }),
    );
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: "VALIDATION", details: { fields: { email: expect.any(String) } } } });
    const ok = await lookupPost(
      new Request("http://localhost/lookup/request", {
        method: "POST",
        headers: { "content-type": "application/json", "x-rp-remote-addr": "192.0.2.9" },
        body: JSON.stringify({ email: "someone@example.com" }),
      }),
    );
    expect(ok.status).toBe(202);
  });
});
