import { publicUrl } from "../env";
import { publicError, publicJson } from "../public/http";
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

/** One /api/v2 answer: the document from the snapshot, with the public API's headers and errors. */
export async function statuspageResponse(select: (view: StatuspageView) => unknown): Promise<Response> {
  try {
    return publicJson(select(await getStatuspage()));
  } catch (error) {
    return publicError(error);
  }
}
