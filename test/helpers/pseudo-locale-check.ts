/**
 * What the pseudo-locale checks treat as left-over English: a text with two ASCII letters in a
 * row and no pseudo-locale letter (lib/i18n/accent.ts), once month names and "UTC" (written by
 * Intl for dates, not by us) are taken out. Runs in the browser (page.evaluate) and in Node.
 */
export const pseudoLetters = "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ";

export function looksUntranslated(text: string, pseudo: string = pseudoLetters): boolean {
  const t = text.replace(/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|UTC)\b/g, "");
  if (!/[A-Za-z]{2}/.test(t)) return false;
  for (const ch of t) if (pseudo.includes(ch)) return false;
  return true;
}
