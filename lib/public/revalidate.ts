import { publicResponseCache } from "./response-cache";
import { publicSnapshotStore } from "./public-snapshot";

/**
 * Call after any staff write that changes what the public sees (an incident, an update,
 * a letter revision, a restore batch): the next public request re-reads the database
 * instead of waiting for the next refresh. Cheap and safe to call often; it never
 * queries the database itself. Other app instances catch up within PUBLIC_REFRESH_SECONDS.
 */
export function revalidatePublicPages(): void {
  publicSnapshotStore().invalidate();
  publicResponseCache().clear();
}
