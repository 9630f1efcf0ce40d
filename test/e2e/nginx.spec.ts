import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort, nginxBinary, startNginx, startPortal, type RunningProcess } from "../helpers/behind-nginx";

/**
 * The shipped deploy/nginx.conf in front of a real app instance (TRUST_PROXY=1, as the
 * config tells): public paths come from nginx's cache, private ones never do, and an
 * X-Forwarded-For a client forges is not the address the app rate-limits by.
 */
test.describe.configure({ mode: "serial" });
test.skip(!nginxBinary, "nginx is not installed (apt-get install nginx; .ci/run does)");

let app: RunningProcess;
let nginx: Awaited<ReturnType<typeof startNginx>>;
let base = "";
let origin = "";
const scratch = mkdtempSync(path.join(tmpdir(), "rp-nginx-"));

test.beforeAll(async () => {
  test.setTimeout(360_000);
  const appPort = await freePort();
  const nginxPort = await freePort();
  app = await startPortal(appPort, { DATA_DIR: path.join(scratch, "data"), DATABASE_URL: "", TRUST_PROXY: "1", DEMO_ADMIN_PASSWORD: "" });
  nginx = await startNginx({ port: nginxPort, upstreamPorts: [appPort], dir: path.join(scratch, "nginx") });
  base = `http://127.0.0.1:${nginxPort}`;
  origin = `http://127.0.0.1:${appPort}`;
});

test.afterAll(async () => {
  await nginx?.stop();
  await app?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test("public pages and APIs are answered from nginx's cache", async ({ request }) => {
  for (const url of ["/api/v1/status", "/", "/feed.atom", "/lookup", "/lookup?link=expired", "/fr/subscribe"]) {
    const first = await request.get(base + url);
    expect(first.status(), url).toBe(200);
    expect(["MISS", "EXPIRED", "HIT", "UPDATING", "STALE"], url).toContain(first.headers()["x-cache-status"]);
    const second = await request.get(base + url);
    expect(second.headers()["x-cache-status"], url).toBe("HIT");
    expect(await second.body(), url).toEqual(await first.body());
    // The app's own header goes on unchanged, for a CDN further out.
    expect(second.headers()["cache-control"], url).toContain("s-maxage=");
  }
  const served = nginx.accessLog().filter((l) => l.includes("|/api/v1/status|"));
  expect(served.filter((l) => l.startsWith("HIT|")).length).toBeGreaterThanOrEqual(1);
});

test("private pages, links and the pipeline API are never cached", async ({ request }) => {
  const token = "a".repeat(43);
  for (const url of [`/account/${token}`, "/admin", "/admin/sign-in", "/api/v1/restores", `/unsubscribe/${token}`, "/subscribe/confirm/x", "/api/health"]) {
    for (let i = 0; i < 2; i++) {
      const res = await request.get(base + url, { maxRedirects: 0 });
      expect(res.headers()["x-cache-status"], `${url} #${i + 1}`).toBeUndefined();
    }
  }
  const post = await request.post(`${base}/api/v1/restores`, { data: {}, maxRedirects: 0 });
  expect(post.status()).toBe(401);
  expect(post.headers()["x-cache-status"]).toBeUndefined();
});

test("an X-Forwarded-For written by the client is not believed", async ({ request }) => {
  test.setTimeout(180_000);
  // The lookup form allows 30 requests per client address an hour. Each request forges
  // a different address: through nginx they all count against the one real address.
  const lookup = (via: string, i: number) =>
    request.post(`${via}/lookup/request`, {
      headers: { accept: "application/json", "x-forwarded-for": `198.51.100.${i % 250}` },
      form: { email: `forged-${via.length}-${i}@example.com` },
      maxRedirects: 0,
    });
  const statuses: number[] = [];
  for (let i = 0; i < 32; i += 8) {
    const batch = await Promise.all(Array.from({ length: 8 }, (_, j) => lookup(base, i + j)));
    statuses.push(...batch.map((r) => r.status()));
  }
  expect(statuses.filter((s) => s === 202).length).toBe(30);
  expect(statuses.filter((s) => s === 429).length).toBe(2);

  // The same forgery sent past nginx straight to the origin is believed (TRUST_PROXY=1
  // takes the last entry): why the app listens on 127.0.0.1 only, and why nginx must
  // append, not pass on, the header.
  const direct = await Promise.all(Array.from({ length: 8 }, (_, j) => lookup(origin, 100 + j)));
  expect(direct.map((r) => r.status())).toEqual(Array(8).fill(202));
});
