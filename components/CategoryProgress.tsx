import type { RenderLocale } from "@/lib/i18n/locales";
import { formattersFor, translator } from "@/lib/i18n/translator";
import type { CategoryProgress as Progress } from "@/lib/status/get-status-overview";

function share(n: number, of: number): string {
  return of > 0 ? `${(n / of) * 100}%` : "0%";
}

export function CategoryProgressList({ categories, locale = "en" }: { categories: Progress[]; locale?: RenderLocale }) {
  const t = translator(locale, "common.progress");
  const f = formattersFor(locale);
  return (
    <ul className="progress-list">
      {categories.map((c) => (
        <li key={c.key} data-category={c.key}>
          <div className="progress-head">
            <strong>{c.label}</strong>
            <span>{t("summary", { percent: f.percent(c.restored, c.affected), restored: f.integer(c.restored), affected: c.affected })}</span>
          </div>
          <div
            className="bar"
            role="img"
            aria-label={t("bar", {
              category: c.label,
              restored: f.integer(c.restored),
              partial: f.integer(c.partial),
              unrecoverable: f.integer(c.unrecoverable),
              restoring: f.integer(c.restoring),
              pending: f.integer(c.pending),
            })}
          >
            <span className="restored" style={{ width: share(c.restored, c.affected) }} />
            <span className="partial" style={{ width: share(c.partial, c.affected) }} />
            <span className="unrecoverable" style={{ width: share(c.unrecoverable, c.affected) }} />
            <span className="restoring" style={{ width: share(c.restoring, c.affected) }} />
          </div>
          <div className="legend">
            {t("legend", {
              partial: f.integer(c.partial),
              unrecoverable: f.integer(c.unrecoverable),
              restoring: f.integer(c.restoring),
              pending: f.integer(c.pending),
              itemsRestored: f.integer(c.itemsRestored),
              itemsTotal: c.itemsTotal,
            })}
          </div>
        </li>
      ))}
    </ul>
  );
}
