import type { RenderLocale } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translator";

/** "What you can do now": one instruction a line, as written by staff. */
export function Advice({ text, headingId, locale = "en", level = 3 }: { text: string; headingId: string; locale: RenderLocale; level?: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  const lines = text
    .split("\n")
    .map((l) => l.replace(/^\s*[-*]\s*/, "").trim())
    .filter(Boolean);
  if (lines.length === 0) return null;
  return (
    <section className="advice" aria-labelledby={headingId}>
      <Heading id={headingId}>{translator(locale, "common.advice")("heading")}</Heading>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
