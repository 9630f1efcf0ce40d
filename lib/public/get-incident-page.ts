import { AppError } from "../errors";
import { letterSummaries, type IncidentSummary } from "../status/get-status-overview";
import type { PublicIncident } from "./public-data";
import { getPublicSnapshot, type PublicSnapshot } from "./public-snapshot";

export interface IncidentPage {
  incident: PublicIncident;
  letters: IncidentSummary["letters"];
  /** The language of the incident's texts shown. */
  contentLocale: string;
  /** The reader's language has no translation: the default language is shown (say so). Each update has its own flag. */
  fallback: boolean;
  ageSeconds: number;
  stale: boolean;
  generatedAt: string;
}

/**
 * A published incident by slug, from the public snapshot, in the reader's language
 * (`incident.fallback`: not translated, shown in its default language). Unknown or draft: NOT_FOUND.
 */
export async function getIncidentPage(slug: string, locale?: string, snapshot?: PublicSnapshot): Promise<IncidentPage> {
  const s = snapshot ?? (await getPublicSnapshot(locale));
  const incident = s.data.incidents.find((i) => i.slug === slug);
  if (!incident) throw new AppError("NOT_FOUND", "No published incident has this address.");
  return {
    incident,
    letters: letterSummaries(s.data, incident),
    contentLocale: incident.locale ?? incident.defaultLocale ?? "en",
    fallback: incident.fallback ?? false,
    ageSeconds: s.ageSeconds,
    stale: s.stale,
    generatedAt: s.data.generatedAt,
  };
}
