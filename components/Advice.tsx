/** "What you can do now": one instruction a line, as written by staff. */
export function Advice({ text, headingId }: { text: string; headingId: string }) {
  const lines = text
    .split("\n")
    .map((l) => l.replace(/^\s*[-*]\s*/, "").trim())
    .filter(Boolean);
  if (lines.length === 0) return null;
  return (
    <section className="advice" aria-labelledby={headingId}>
      <h3 id={headingId}>What you can do now</h3>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
