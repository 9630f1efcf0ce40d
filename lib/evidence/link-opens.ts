import type { Driver } from "../db";
import { hashToken, randomTokenPattern } from "../tokens";

/**
 * When a private link's page was first and last seen, for the proof of notice. The page
 * itself stays read-only (and no-store); once it is shown in a browser, its beacon image
 * (/account/<token>/seen) is fetched, which lands here: in memory, one entry per
 * link, written every few seconds (or at `flushAt` links) by one UPDATE for the batch.
 * A scanner that prefetches the link (the HTML, not what the page shows) fetches no
 * beacon and counts for nothing. A crash loses at most the last few seconds of
 * opens, never a page view's speed. docs/decisions/031-proof-of-notice-and-exports.md
 */
const flushAt = 1_000;
const flushEveryMs = 5_000;

interface Seen {
  first: Date;
  last: Date;
}

interface Buffer {
  pending: Map<string, Seen>;
  timer: NodeJS.Timeout | null;
  driver: (() => Promise<Driver>) | null;
}

const key = Symbol.for("recovery-portal.link-opens");
const state = ((globalThis as { [key]?: Buffer })[key] ??= { pending: new Map(), timer: null, driver: null });

/** Records one open (no database access here); false when the token is not of our shape. */
export function recordLinkOpen(token: string, driver: () => Promise<Driver>, at: Date = new Date()): boolean {
  if (!randomTokenPattern.test(token)) return false;
  const hash = hashToken(token);
  const seen = state.pending.get(hash);
  if (seen) seen.last = at;
  else state.pending.set(hash, { first: at, last: at });
  state.driver = driver;
  if (state.pending.size >= flushAt) void flushLinkOpens().catch(logFailure);
  else if (!state.timer) {
    state.timer = setTimeout(() => void flushLinkOpens().catch(logFailure), flushEveryMs);
    state.timer.unref();
  }
  return true;
}

function logFailure(error: unknown) {
  console.error(`link opens: could not record a batch: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * Writes what is pending in one statement: first_opened_at is set once, last_opened_at
 * moves forward. A link that has expired or been switched off is not counted.
 */
export async function flushLinkOpens(driverOverride?: Driver): Promise<number> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  if (state.pending.size === 0) return 0;
  const batch = [...state.pending.entries()];
  state.pending = new Map();
  const driver = driverOverride ?? (await state.driver!());
  try {
    const updated = await driver.query<{ id: string }>(
      `UPDATE "lookup_token" t SET "first_opened_at" = coalesce(t."first_opened_at", s."first"),
              "last_opened_at" = greatest(t."last_opened_at", s."last")
       FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS s("token_hash", "first", "last")
       WHERE t."token_hash" = s."token_hash" AND t."revoked_at" IS NULL AND t."expires_at" > s."last"
       RETURNING t."id"`,
      [batch.map(([h]) => h), batch.map(([, s]) => s.first), batch.map(([, s]) => s.last)],
    );
    return updated.length;
  } catch (error) {
    // Put the batch back (merged with what came in meanwhile) for the next try.
    for (const [hash, seen] of batch) {
      const now = state.pending.get(hash);
      state.pending.set(hash, now ? { first: seen.first, last: now.last } : seen);
    }
    throw error;
  }
}

/**
 * The beacon the private page carries: a 1x1 image at the end of the page, loaded lazily,
 * so a browser fetches it when it lays the page out to show it, and a scanner that only
 * fetches the link's HTML never does. No script (the page needs none, and the crowd's fast
 * path serves it without any); its URL is relative to the page's own.
 */
export const linkOpenBeaconPath = (token: string) => `/account/${encodeURIComponent(token)}/seen`;

/** A transparent 1x1 GIF: what the beacon answers. */
export const transparentGif = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
