import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { isPublicPath, PUBLIC_CACHE_CONTROL, ResponseCache, withPublicResponseCache } from "@/lib/public/response-cache";

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A stand-in for Next: marks pages private like Next does for dynamic pages, renders slowly. */
async function start(cache: ResponseCache, renderMs = 30) {
  let renders = 0;
  server = createServer(
    withPublicResponseCache(
      (req, res) => {
        renders++;
        setTimeout(() => {
          const status = req.url?.startsWith("/incidents/missing") ? 404 : 200;
          res.statusCode = status;
          res.setHeader("Cache-Control", "private, no-cache, no-store, max-age=0, must-revalidate");
          res.setHeader("Content-Type", "text/html");
          res.write("<p>render ");
          res.end(`${renders}</p>`);
        }, renderMs);
      },
      () => cache,
    ),
  );
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return { base, renders: () => renders };
}

describe("public response cache", () => {
  it("holds the public pages and forms in every language, never a private link or a form's POST target", () => {
    for (const path of ["/", "/es", "/incidents/x", "/fr/letters/y", "/lookup", "/ar/lookup", "/subscribe", "/pt-BR/subscribe", "/api/v1/status"]) {
      expect(isPublicPath(path), path).toBe(true);
    }
    for (const path of ["/account/abc", "/lookup/request", "/subscribe/request", "/subscribe/confirm/abc", "/unsubscribe/abc", "/fr/unsubscribe/abc", "/es/api/v1/status", "/admin", "/xx/lookup"]) {
      expect(isPublicPath(path), path).toBe(false);
    }
  });

  it("answers a repeated public request from memory, with CDN headers", async () => {
    const { base, renders } = await start(new ResponseCache(60_000));
    const first = await fetch(`${base}/`);
    expect(first.headers.get("x-public-cache")).toBe("miss");
    expect(first.headers.get("cache-control")).toBe(PUBLIC_CACHE_CONTROL);
    const body = await first.text();
    const second = await fetch(`${base}/`);
    expect(second.headers.get("x-public-cache")).toBe("hit");
    expect(second.headers.get("cache-control")).toBe(PUBLIC_CACHE_CONTROL);
    expect(await second.text()).toBe(body);
    expect(renders()).toBe(1);
    // The stand-in streamed its answer (chunked); a hit knows its length.
    expect(first.headers.get("transfer-encoding")).toBe("chunked");
    expect(second.headers.get("transfer-encoding")).toBeNull();
    expect(second.headers.get("content-length")).toBe(String(Buffer.byteLength(body)));
  });

  it("renders once for a crowd of simultaneous misses", async () => {
    const { base, renders } = await start(new ResponseCache(60_000));
    const bodies = await Promise.all(Array.from({ length: 30 }, () => fetch(`${base}/api/v1/status`).then((r) => r.text())));
    expect(new Set(bodies).size).toBe(1);
    expect(renders()).toBe(1);
  });

  it("never keeps errors, client navigations or private paths", async () => {
    const { base, renders } = await start(new ResponseCache(60_000));
    await fetch(`${base}/incidents/missing`);
    await fetch(`${base}/incidents/missing`);
    await fetch(`${base}/`, { headers: { rsc: "1" } });
    await fetch(`${base}/`, { headers: { rsc: "1" } });
    await fetch(`${base}/admin`);
    const admin = await fetch(`${base}/admin`);
    expect(admin.headers.get("cache-control")).toContain("private");
    expect(renders()).toBe(6);
  });

  it("forgets everything on clear() and after its lifetime", async () => {
    const cache = new ResponseCache(50);
    const { base, renders } = await start(cache);
    await fetch(`${base}/feed.atom`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 60));
    await fetch(`${base}/feed.atom`).then((r) => r.text());
    expect(renders()).toBe(2);
    cache.clear();
    await fetch(`${base}/feed.atom`).then((r) => r.text());
    expect(renders()).toBe(3);
  });

  it("sends the expired copy to the crowd while one request renders its refresh, never after clear()", async () => {
    const cache = new ResponseCache(50);
    // Renders take 1 s, so the crowd below surely arrives during one.
    const { base, renders } = await start(cache, 1_000);
    const until = async (n: number) => {
      while (renders() < n) await new Promise((r) => setTimeout(r, 2));
    };
    const first = await fetch(`${base}/`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 60));
    // One refresh renders; the others arriving meanwhile get the previous copy at once.
    const refreshing = fetch(`${base}/`);
    await until(2);
    const crowd = await Promise.all(Array.from({ length: 5 }, () => fetch(`${base}/`)));
    expect(crowd.map((r) => r.headers.get("x-public-cache"))).toEqual(Array(5).fill("stale"));
    expect(await Promise.all(crowd.map((r) => r.text()))).toEqual(Array(5).fill(first));
    const refreshed = await refreshing;
    expect(refreshed.headers.get("x-public-cache")).toBe("miss");
    expect(await refreshed.text()).not.toBe(first);
    expect(renders()).toBe(2);
    // After a publish (clear) nobody gets an old copy: they wait for the render.
    cache.clear();
    const afterPublish = fetch(`${base}/`);
    await until(3);
    const waiting = await fetch(`${base}/`);
    expect(waiting.headers.get("x-public-cache")).toBe("hit");
    expect(await waiting.text()).toBe(await (await afterPublish).text());
    expect(renders()).toBe(3);
  });
});
