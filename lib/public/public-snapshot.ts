import path from "node:path";
import { database } from "../db";
import { env } from "../env";
import { localizePublicData } from "./localize-public-data";
import { loadPublicData, type PublicData } from "./public-data";
import { SnapshotStore, type SnapshotView } from "./snapshot-store";

/**
 * The process's one copy of the public data (see snapshot-store.ts). Kept on globalThis:
 * Next evaluates this module once per route bundle, and every bundle must share it.
 */
const key = Symbol.for("recovery-portal.public-snapshot");
type WithStore = typeof globalThis & { [key]?: SnapshotStore<PublicData> };

export function publicSnapshotFile(): string {
  return path.resolve(env().DATA_DIR, "public-snapshot.json");
}

export function publicSnapshotStore(): SnapshotStore<PublicData> {
  const g = globalThis as WithStore;
  g[key] ??= new SnapshotStore<PublicData>({
    load: async () => loadPublicData((await database()).prisma),
    file: publicSnapshotFile(),
    refreshMs: env().PUBLIC_REFRESH_SECONDS * 1000,
    waitMs: 2_000,
    timeoutMs: 5_000,
    onError: (error) => console.warn(`public snapshot: database read failed, serving the last good copy: ${firstLine(error)}`),
  });
  return g[key];
}

/** Replaces the process's store (tests). */
export function setPublicSnapshotStore(store: SnapshotStore<PublicData> | undefined): void {
  (globalThis as WithStore)[key] = store;
}

function firstLine(error: unknown): string {
  return (String((error as Error)?.message ?? error).split("\n")[0] ?? "").slice(0, 200);
}

export type PublicSnapshot = SnapshotView<PublicData>;

/**
 * The public snapshot; with `locale`, as a reader of that language sees it (every language is
 * in the one snapshot: localize-public-data.ts picks one in memory, once per snapshot).
 */
export async function getPublicSnapshot(locale?: string): Promise<PublicSnapshot> {
  const view = await publicSnapshotStore().get();
  return locale ? { ...view, data: localizePublicData(view.data, locale) } : view;
}
