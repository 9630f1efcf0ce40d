import { database } from "../db";
import { announcePublicChange } from "./public-change-channel";
import { publicResponseCache } from "./response-cache";
import { publicSnapshotStore } from "./public-snapshot";

/**
 * Call after any staff write that changes what the public sees (an incident, an update,
 * a letter revision, a restore batch): the next public request re-reads the database
 * instead of waiting for the next refresh. Cheap and safe to call often: locally it never
 * queries the database; on PostgreSQL it also sends one NOTIFY so that every other
 * instance does the same at once (lib/public/public-change-channel.ts).
 */
export function revalidatePublicPages(): void {
  invalidatePublicCaches();
  void database()
    .then((db) => announcePublicChange(db))
    .catch((error: unknown) => console.warn(`public cache: could not tell the other instances: ${String((error as Error)?.message ?? error).split("\n")[0]}`));
}

/** This process's public caches only (what a change announced by another instance does). */
export function invalidatePublicCaches(): void {
  publicSnapshotStore().invalidate();
  publicResponseCache().clear();
}
