import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { inFlightRequests } from "@/lib/http/in-flight";

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A server whose handler answers only when `release` is called; resolves with its port once listening. */
async function slowServer(inFlight: ReturnType<typeof inFlightRequests>) {
  const releases: Array<() => void> = [];
  const abandons: Array<() => void> = [];
  const started: Array<() => void> = [];
  const server = createServer((req, res) => {
    inFlight.track(res);
    started.shift()?.();
    releases.push(() => res.end("done"));
    // What Next does when its client has gone: it stops without ending the answer.
    abandons.push(() => inFlight.finished(res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    releases,
    abandons,
    /** Sends a request and aborts it once the handler has started: the client went away. */
    async abandoned() {
      const handlerStarted = new Promise<void>((resolve) => started.push(resolve));
      const req = request({ port, host: "127.0.0.1", path: "/" });
      req.on("error", () => {});
      req.end();
      await handlerStarted;
      req.destroy();
      await new Promise((r) => setTimeout(r, 50));
    },
  };
}

describe("inFlightRequests", () => {
  it("waits for a handler whose client went away until it ends its answer", async () => {
    const inFlight = inFlightRequests();
    const s = await slowServer(inFlight);
    await s.abandoned();
    await s.abandoned();
    expect(inFlight.count).toBe(2);
    let drained: boolean | undefined;
    const waiting = inFlight.drained(5_000).then((d) => (drained = d));
    s.releases[0]!();
    await new Promise((r) => setTimeout(r, 20));
    expect(drained).toBeUndefined();
    s.releases[1]!();
    await waiting;
    expect(drained).toBe(true);
    expect(inFlight.count).toBe(0);
  });

  it("gives up after its timeout and says so", async () => {
    const inFlight = inFlightRequests();
    const s = await slowServer(inFlight);
    await s.abandoned();
    expect(await inFlight.drained(50)).toBe(false);
    expect(inFlight.count).toBe(1);
    s.releases[0]!();
    expect(inFlight.count).toBe(0);
    expect(await inFlight.drained(50)).toBe(true);
  });

  it("counts a handler that stops without an answer once it says it has finished", async () => {
    const inFlight = inFlightRequests();
    const s = await slowServer(inFlight);
    await s.abandoned();
    await s.abandoned();
    s.abandons[0]!();
    expect(inFlight.count).toBe(1);
    s.releases[1]!();
    s.abandons[1]!();
    expect(inFlight.count).toBe(0);
    expect(await inFlight.drained(50)).toBe(true);
  });

  it("counts an answer once even when end is called twice", async () => {
    const inFlight = inFlightRequests();
    const s = await slowServer(inFlight);
    await s.abandoned();
    await s.abandoned();
    s.releases[0]!();
    s.releases[0]!();
    expect(inFlight.count).toBe(1);
  });
});
