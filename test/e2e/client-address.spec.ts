import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort, startPortal, type RunningProcess } from "../helpers/behind-nginx";

/**
 * Without a proxy in front (TRUST_PROXY unset), the client address is the socket's, which
 * scripts/start.ts stamps on every request that reaches the app under `x-rp-remote-addr`
 * (lib/http/client-ip.ts), overwriting whatever a client sent under that name. Its own
 * instance: the lookup form's per-address budget (30 an hour) is spent here.
 */
let app: RunningProcess;
let origin = "";
const scratch = mkdtempSync(path.join(tmpdir(), "rp-client-address-"));

test.beforeAll(async () => {
  test.setTimeout(360_000);
  const port = await freePort();
  app = await startPortal(port, { DATA_DIR: path.join(scratch, "data"), DATABASE_URL: "", TRUST_PROXY: "", DEMO_ADMIN_PASSWORD: "" });
  origin = `http://127.0.0.1:${port}`;
});

test.afterAll(async () => {
  await app?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test("a client cannot name its own address to the rate limits", async ({ request }) => {
  test.setTimeout(120_000);
  const lookup = (i: number, headers: Record<string, string> = {}) =>
    request.post(`${origin}/lookup/request`, { headers: { accept: "application/json", ...headers }, form: { email: `address-${i}@example.com` }, maxRedirects: 0 });
  const statuses: number[] = [];
  for (let i = 0; i < 30; i += 10) {
    const batch = await Promise.all(Array.from({ length: 10 }, (_, j) => lookup(i + j)));
    statuses.push(...batch.map((r) => r.status()));
  }
  expect(statuses).toEqual(Array(30).fill(202));
  // 127.0.0.1 has spent its 30; a forged header, each a different address, changes nothing.
  const forged = await Promise.all(Array.from({ length: 3 }, (_, j) => lookup(100 + j, { "x-rp-remote-addr": `203.0.113.${j}` })));
  expect(forged.map((r) => r.status())).toEqual(Array(3).fill(429));
});
