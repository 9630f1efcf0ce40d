import { AppError } from "../errors";
import type { PublicLetter, PublicLetterRevision } from "./public-data";
import { getPublicSnapshot, type PublicSnapshot } from "./public-snapshot";

export interface LetterPage {
  letter: PublicLetter;
  incidentTitle: string | null;
  /** The revision shown: the latest unless a revision number was asked for. */
  shown: PublicLetterRevision;
  latest: PublicLetterRevision;
  original: PublicLetterRevision;
  /** Later revisions: each carries a correction note and its date. */
  corrections: PublicLetterRevision[];
  /** The language of the text shown. */
  contentLocale: string;
  /** The reader's language has no published translation: the default language is shown (say so). */
  fallback: boolean;
  generatedAt: string;
  ageSeconds: number;
  stale: boolean;
}

/**
 * A published letter by slug, from the public snapshot. A published letter is never
 * edited in place: corrections are revisions, and every earlier one stays readable.
 * In the reader's language when the letter is published in it; else in the incident's
 * default language with `letter.fallback: true` (never an empty page). Each language has
 * its own revisions: `revision` is a revision of the language shown.
 */
export async function getLetter(slug: string, revision?: number, locale?: string, snapshot?: PublicSnapshot): Promise<LetterPage> {
  const s = snapshot ?? (await getPublicSnapshot(locale));
  const letter = s.data.letters.find((l) => l.slug === slug);
  const original = letter?.revisions[0];
  const latest = letter?.revisions.at(-1);
  if (!letter || !original || !latest) throw new AppError("NOT_FOUND", "No published letter has this address.");
  const shown = revision === undefined ? latest : letter.revisions.find((r) => r.revision === revision);
  if (!shown) throw new AppError("NOT_FOUND", "This letter has no such version.");
  return {
    letter,
    incidentTitle: s.data.incidents.find((i) => i.slug === letter.incidentSlug)?.title ?? null,
    shown,
    latest,
    original,
    corrections: letter.revisions.slice(1),
    contentLocale: letter.locale ?? letter.defaultLocale ?? "en",
    fallback: letter.fallback ?? false,
    generatedAt: s.data.generatedAt,
    ageSeconds: s.ageSeconds,
    stale: s.stale,
  };
}
