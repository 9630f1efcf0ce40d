import { afterEach, describe, expect, it } from "vitest";
import { announcePublicChange, listenForPublicChanges, type PublicChangeListener } from "@/lib/public/public-change-channel";
import { revalidatePublicPages } from "@/lib/public/revalidate";
import { useTestDatabase } from "../helpers/db";

/**
 * Publishing on one instance refreshes every other instance's public cache at once:
 * each instance listens on PostgreSQL (LISTEN), the publisher notifies. Two listeners
 * here stand for two instances, each with its own connection and identity.
 */
const listeners: PublicChangeListener[] = [];
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.stop()));
});

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

function instance(url: string, self: string) {
  const seen = { changes: 0 };
  const listener = listenForPublicChanges(url, () => seen.changes++, { self, retryMs: 100, log: () => {} });
  listeners.push(listener);
  return { seen, listener };
}

describe("public cache refresh across instances (LISTEN/NOTIFY)", () => {
  it("a change announced by one instance reaches the others at once, not itself", async () => {
    const db = await useTestDatabase();
    const a = instance(db.url!, "instance-a");
    const b = instance(db.url!, "instance-b");
    await Promise.all([a.listener.ready, b.listener.ready]);

    await announcePublicChange(db, "instance-a");
    await until(() => b.seen.changes === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(a.seen.changes).toBe(0);

    // What a staff action calls: the local caches and the announcement, in one call.
    revalidatePublicPages();
    await until(() => a.seen.changes === 1 && b.seen.changes === 2);
  });

  it("a listener that loses its connection reconnects, refreshes once, and hears the next change", async () => {
    const db = await useTestDatabase();
    const b = instance(db.url!, "instance-b");
    await b.listener.ready;
    const killed = await db.driver.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = 'rp-public-listener' AND datname = current_database()`,
    );
    expect(killed[0]!.n).toBe(1);
    // Changes announced while it was away are not replayed by PostgreSQL: it refreshes anyway.
    await until(() => b.seen.changes === 1);
    const listening = async () =>
      (await db.driver.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'rp-public-listener' AND datname = current_database()`))[0]!.n;
    const deadline = Date.now() + 5_000;
    while ((await listening()) !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await announcePublicChange(db, "instance-a");
    await until(() => b.seen.changes === 2);
  });
});
