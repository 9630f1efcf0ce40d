import { publicUrl } from "../env";
import { getPublicSnapshot, type PublicSnapshot } from "../public/public-snapshot";
import type { PublicData } from "../public/public-data";
import { StatuspageView } from "./to-statuspage";

/**
 * The Statuspage view of the process's public snapshot (the same copy /api/v1 serves:
 * no query when it is fresh, the last good copy when the database is down). Built once
 * per snapshot, not per request.
 */
let cached: { data: PublicData; base: string; view: StatuspageView } | undefined;

export async function getStatuspage(snapshot?: PublicSnapshot): Promise<StatuspageView> {
  const s = snapshot ?? (await getPublicSnapshot());
  const base = publicUrl();
  if (cached?.data !== s.data || cached.base !== base) cached = { data: s.data, base, view: new StatuspageView(s.data, base) };
  return cached.view;
}

