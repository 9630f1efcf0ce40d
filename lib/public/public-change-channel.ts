import { randomUUID } from "node:crypto";
import pg from "pg";
import type { Database } from "../db";

/**
 * Publishing on one app instance refreshes every instance's public cache at once, not
 * after PUBLIC_REFRESH_SECONDS: the instance that published sends a PostgreSQL NOTIFY
 * on this channel, and every instance LISTENs on one connection of its own and empties
 * its public caches when another instance announces a change. Embedded PGlite has one
 * process, so nothing to tell. A listener that loses its connection reconnects and then
 * refreshes anyway (it may have missed a change). docs/decisions/037-public-cache-notify.md
 */
export const publicChangeChannel = "rp_public_changed";

const key = Symbol.for("recovery-portal.instance-id");
type WithId = typeof globalThis & { [key]?: string };

/** This process's id in the announcements (so it ignores its own). */
export function instanceId(): string {
  const g = globalThis as WithId;
  g[key] ??= randomUUID();
  return g[key];
}

/** Tells the other instances that what the public sees has changed (PostgreSQL only). */
export async function announcePublicChange(db: Database, from: string = instanceId()): Promise<void> {
  if (db.driver.kind !== "postgres") return;
  await db.driver.query("SELECT pg_notify($1, $2)", [publicChangeChannel, from]);
}

export interface PublicChangeListener {
  /** Resolves once the first LISTEN is in place. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function listenForPublicChanges(
  url: string,
  onChange: () => void,
  options: { self?: string; retryMs?: number; log?: (line: string) => void } = {},
): PublicChangeListener {
  const self = options.self ?? instanceId();
  const retryMs = options.retryMs ?? 2_000;
  const log = options.log ?? ((line: string) => console.warn(line));
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const connect = async (reconnecting: boolean) => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, application_name: "rp-public-listener" });
    client = c;
    const retry = (why: string) => {
      if (stopped || client !== c) return;
      client = undefined;
      c.removeAllListeners();
      c.on("error", () => {});
      void c.end().catch(() => {});
      log(`public cache: change listener lost its connection (${why}); retrying in ${retryMs} ms`);
      timer = setTimeout(() => void connect(true), retryMs);
    };
    c.on("error", (error) => retry(error.message));
    c.on("end", () => retry("connection ended"));
    c.on("notification", (n) => {
      if (n.channel === publicChangeChannel && n.payload !== self) onChange();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${publicChangeChannel}`);
    } catch (error) {
      retry((error as Error).message);
      return;
    }
    // Whatever was announced while this instance was not listening: refresh once.
    if (reconnecting) onChange();
    markReady();
  };
  void connect(false);

  return {
    ready,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners();
        c.on("error", () => {});
        await c.end().catch(() => {});
      }
    },
  };
}
