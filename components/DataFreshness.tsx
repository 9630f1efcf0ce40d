import type { RenderLocale } from "@/lib/i18n/locales";
import { formattersFor, translator } from "@/lib/i18n/translator";

/**
 * Says how old the figures are. When the database could not be read, says so plainly:
 * the page is the last good copy, not live data.
 */
export function DataFreshness({ generatedAt, ageSeconds, stale, locale = "en" }: { generatedAt: string; ageSeconds: number; stale: boolean; locale?: RenderLocale }) {
  const t = translator(locale, "common.freshness");
  const f = formattersFor(locale);
  if (stale) {
    return (
      <p className="notice stale" role="status" data-stale="true">
        <strong>{t("staleTitle")}</strong> {t("staleBody", { time: f.dateTime(generatedAt), age: f.age(ageSeconds) })}
      </p>
    );
  }
  return (
    <p className="muted freshness" data-stale="false">
      {t("asOf", { time: f.dateTime(generatedAt) })}
    </p>
  );
}
