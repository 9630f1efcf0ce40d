import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "../../app/[locale]/lookup/request/route";
import { useTestDatabase as freshTestDatabase } from "../helpers/db";
import { formRequest, median, outbox, seedSmallDemo } from "../helpers/subscribers-fixtures";

const db = await freshTestDatabase();

beforeAll(async () => {
  await seedSmallDemo(db, 60);
});

interface Sample {
  status: number;
  location: string | null;
  body: string;
  ms: number;
}

async function lookup(email: string, ip: string): Promise<Sample> {
  const started = performance.now();
  const response = await POST(formRequest("http://localhost/lookup/request", { email }, { "x-rp-remote-addr": ip }));
  const body = await response.text();
  return { status: response.status, location: response.headers.get("location"), body, ms: performance.now() - started };
}

describe("no enumeration through /lookup", () => {
  it("50 known and 50 unknown addresses: identical status and body, median time difference under 5 ms", async () => {
    // Warm up (module loading, prepared plans) outside the measurement.
    await lookup("warmup@example.net", "192.0.2.250");
    await lookup("customer60@example.com", "192.0.2.251");

    const known: Sample[] = [];
    const unknown: Sample[] = [];
    // Interleaved, each from its own address, so neither group gets a warmer cache or a fuller counter.
    for (let i = 1; i <= 50; i++) {
      known.push(await lookup(`customer${i}@example.com`, `192.0.2.${i}`));
      unknown.push(await lookup(`stranger${i}@example.com`, `198.51.100.${i}`));
    }
    const all = [...known, ...unknown];
    expect(new Set(all.map((s) => s.status))).toEqual(new Set([303]));
    expect(new Set(all.map((s) => s.location))).toEqual(new Set(["/lookup/sent"]));
    expect(new Set(all.map((s) => s.body))).toEqual(new Set([""]));

    const knownMedian = median(known.map((s) => s.ms));
    const unknownMedian = median(unknown.map((s) => s.ms));
    console.log(
      `lookup timing (${db.engine}): known median ${knownMedian.toFixed(2)} ms, unknown median ${unknownMedian.toFixed(2)} ms, difference ${Math.abs(knownMedian - unknownMedian).toFixed(2)} ms`,
    );
    expect(Math.abs(knownMedian - unknownMedian)).toBeLessThan(5);

    // The known addresses did get their links; the unknown ones produced nothing.
    const rows = await outbox(db, "lookup_link");
    expect(rows.filter((r) => r.to_address.startsWith("stranger"))).toHaveLength(0);
    expect(new Set(rows.map((r) => r.to_address)).size).toBe(51);
  }, 60_000);
});
