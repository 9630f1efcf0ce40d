import Link from "next/link";
import type { RenderLocale } from "@/lib/i18n/locales";
import { localePath } from "@/lib/i18n/routing";
import { formattersFor, translator } from "@/lib/i18n/translator";
import type { IncidentSummary } from "@/lib/status/get-status-overview";

/** An incident's published letters, newest first as given, each with its date (status page and incident page). */
export function LetterLinks({ letters, locale, level }: { letters: IncidentSummary["letters"]; locale: RenderLocale; level: 2 | 3 }) {
  if (letters.length === 0) return null;
  const Heading = level === 2 ? "h2" : "h3";
  const f = formattersFor(locale);
  return (
    <>
      <Heading>{translator(locale, "status")("letters")}</Heading>
      <ul>
        {letters.map((l) => (
          <li key={l.slug}>
            <Link href={localePath(locale, `/letters/${l.slug}`)}>{l.title}</Link> <span className="muted">({f.dateTime(l.publishedAt)})</span>
          </li>
        ))}
      </ul>
    </>
  );
}
