import { publicUrl } from "../env";
import { getPublicSnapshot, type PublicSnapshot } from "../public/public-snapshot";
import type { PublicData } from "../public/public-data";
import { StatuspageView } from "./to-statuspage";

/**
 * The Statuspage view of the process's public snapshot (the same copy /api/v1 serves:
 * no query when it is fresh, the last good copy when the database is down). Built once
 * per snapshot, not per request.
 */
const cached = new WeakMap<PublicData, { base: string; view: StatuspageView }>();

/** `locale`: the language of incident names and update bodies (one view per snapshot and language). */
export async function getStatuspage(locale?: string, snapshot?: PublicSnapshot): Promise<StatuspageView> {
  const s = snapshot ?? (await getPublicSnapshot(locale));
  const base = publicUrl();
  let held = cached.get(s.data);
  if (held?.base !== base) cached.set(s.data, (held = { base, view: new StatuspageView(s.data, base) }));
  return held.view;
}

