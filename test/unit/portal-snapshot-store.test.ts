import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SnapshotStore, SnapshotUnavailableError } from "@/lib/public/snapshot-store";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const dirs: string[] = [];
function tempFile() {
  const dir = mkdtempSync(path.join(tmpdir(), "portal-snapshot-"));
  dirs.push(dir);
  return path.join(dir, "public-snapshot.json");
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("SnapshotStore", () => {
  it("reads once per refresh interval however many readers arrive", async () => {
    const c = clock();
    let n = 0;
    const load = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return { n: ++n };
    });
    const store = new SnapshotStore({ load, refreshMs: 3_000, now: c.now });
    const views = await Promise.all(Array.from({ length: 50 }, () => store.get()));
    expect(load).toHaveBeenCalledTimes(1);
    expect(views.every((v) => v.data.n === 1 && !v.stale)).toBe(true);
    c.advance(2_999);
    await store.get();
    expect(load).toHaveBeenCalledTimes(1);
    c.advance(1);
    expect((await store.get()).data.n).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("serves the last good copy, marked stale with its age, when the loader fails", async () => {
    const c = clock();
    let fail = false;
    const onError = vi.fn();
    const store = new SnapshotStore({
      load: async () => {
        if (fail) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
        return { ok: 1 };
      },
      refreshMs: 1_000,
      now: c.now,
      onError,
    });
    expect((await store.get()).stale).toBe(false);
    fail = true;
    c.advance(65_000);
    const view = await store.get();
    expect(view).toMatchObject({ data: { ok: 1 }, stale: true });
    expect(view.ageSeconds).toBe(65);
    expect(onError).toHaveBeenCalledTimes(1);
    // Within the interval the dead database is not asked again.
    await store.get();
    expect(onError).toHaveBeenCalledTimes(1);
    // Once it is back, the refresh started by the next reader clears the flag (that
    // reader is not kept waiting: the last attempt failed, so it gets the copy at once).
    fail = false;
    c.advance(1_000);
    expect((await store.get()).stale).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect((await store.get()).stale).toBe(false);
  });

  it("does not keep readers waiting on a database that hangs", async () => {
    const c = clock();
    let hang = false;
    const store = new SnapshotStore({
      load: () => (hang ? new Promise<{ v: number }>(() => {}) : Promise.resolve({ v: 1 })),
      refreshMs: 1_000,
      waitMs: 50,
      timeoutMs: 200,
      now: c.now,
    });
    await store.get();
    hang = true;
    c.advance(1_000);
    const started = performance.now();
    const view = await store.get();
    expect(performance.now() - started).toBeLessThan(150);
    expect(view.data.v).toBe(1);
    await new Promise((r) => setTimeout(r, 250));
    expect((await store.get()).stale).toBe(true);
  });

  it("keeps the last good copy on disk and uses it after a restart with the database down", async () => {
    const file = tempFile();
    const c = clock();
    const first = new SnapshotStore({ load: async () => ({ incidents: ["cloud-sync-outage"] }), file, refreshMs: 1_000, now: c.now });
    await first.get();
    expect(JSON.parse(readFileSync(file, "utf8")).data).toEqual({ incidents: ["cloud-sync-outage"] });

    c.advance(120_000);
    const restarted = new SnapshotStore<{ incidents: string[] }>({
      load: async () => {
        throw new Error("database is down");
      },
      file,
      refreshMs: 1_000,
      now: c.now,
      onError: () => {},
    });
    const view = await restarted.get();
    expect(view).toMatchObject({ data: { incidents: ["cloud-sync-outage"] }, stale: true, ageSeconds: 120 });
  });

  it("fails with SnapshotUnavailableError when there was never any data", async () => {
    const store = new SnapshotStore({
      load: async () => {
        throw new Error("down");
      },
      file: tempFile(),
      refreshMs: 1_000,
      onError: () => {},
    });
    await expect(store.get()).rejects.toBeInstanceOf(SnapshotUnavailableError);
  });

  it("re-reads on the next request after invalidate()", async () => {
    const c = clock();
    let n = 0;
    const store = new SnapshotStore({ load: async () => ++n, refreshMs: 60_000, now: c.now });
    expect((await store.get()).data).toBe(1);
    expect((await store.get()).data).toBe(1);
    store.invalidate();
    expect((await store.get()).data).toBe(2);
  });
});
