import { AppError } from "../errors";
import { letterSummaries, type IncidentSummary } from "../status/get-status-overview";
import type { PublicIncident } from "./public-data";
import { getPublicSnapshot, type PublicSnapshot } from "./public-snapshot";

export interface IncidentPage {
  incident: PublicIncident;
  letters: IncidentSummary["letters"];
  ageSeconds: number;
  stale: boolean;
  generatedAt: string;
}

/** A published incident by slug, from the public snapshot. Unknown or draft: NOT_FOUND. */
export async function getIncidentPage(slug: string, snapshot?: PublicSnapshot): Promise<IncidentPage> {
  const s = snapshot ?? (await getPublicSnapshot());
  const incident = s.data.incidents.find((i) => i.slug === slug);
  if (!incident) throw new AppError("NOT_FOUND", "No published incident has this address.");
  return {
    incident,
    letters: letterSummaries(s.data, incident),
    ageSeconds: s.ageSeconds,
    stale: s.stale,
    generatedAt: s.data.generatedAt,
  };
}
