import { thin, type ChartPoint } from "@/lib/aggregates/get-chart-points";
import type { PublicCategory } from "@/lib/public/public-data";
import type { RenderLocale } from "@/lib/i18n/locales";
import { formattersFor, translator } from "@/lib/i18n/translator";

/**
 * Recovery over time per category: an SVG drawn on the server (readable without
 * JavaScript), its figures repeated in a table for screen readers and for anyone who
 * prefers numbers. Share restored = restored / affected accounts, where affected excludes
 * "not affected" accounts (fixed at import, so today's count applies to every point).
 */
const W = 640;
const H = 260;
const M = { left: 44, right: 14, top: 12, bottom: 34 };
const dashes = ["", "6 3", "2 3", "10 4 2 4", "1 5", "12 3"];

interface Series {
  key: string;
  label: string;
  points: { t: number; pct: number }[];
}

export function chartSeries(points: ChartPoint[], categories: PublicCategory[]): { times: number[]; series: Series[] } {
  const times = [...new Set(points.map((p) => Date.parse(p.takenAt)))].sort((a, b) => a - b);
  const series = categories.map((c) => ({
    key: c.key,
    label: c.label,
    points: points
      .filter((p) => p.category === c.key)
      .map((p) => {
        const affected = Math.max(1, p.accounts - c.notAffected);
        return { t: Date.parse(p.takenAt), pct: Math.min(100, Math.max(0, (p.restored / affected) * 100)) };
      })
      .sort((a, b) => a.t - b.t),
  }));
  return { times, series };
}

export function RecoveryChart({
  id,
  points,
  categories,
  tableRows = 60,
  locale = "en",
}: {
  id: string;
  points: ChartPoint[];
  categories: PublicCategory[];
  /** The table lists at most this many times, evenly spread, always the first and last. */
  tableRows?: number;
  locale?: RenderLocale;
}) {
  const t = translator(locale, "common.chart");
  const f = formattersFor(locale);
  const pct = f.percentValue;
  const { times, series } = chartSeries(points, categories);
  if (times.length === 0) return <p className="muted">{t("empty")}</p>;
  const t0 = times[0]!;
  const t1 = times.at(-1)!;
  const span = Math.max(1, t1 - t0);
  const x = (t: number) => M.left + ((t - t0) / span) * (W - M.left - M.right);
  const y = (p: number) => H - M.bottom - (p / 100) * (H - M.top - M.bottom);
  const latest = series.map((s) => t("latestItem", { category: s.label, percent: pct(s.points.at(-1)?.pct ?? 0) })).join(", ");
  // The table is beside the figure, not in it: a figure's caption must be its first or last child.
  return (
    <>
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="chart-svg" preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-title`}>{t("title")}</title>
        <desc id={`${id}-desc`}>
          {t("description", { from: f.dateTime(new Date(t0)), to: f.dateTime(new Date(t1)), latest })}
        </desc>
        {[0, 25, 50, 75, 100].map((g) => (
          <g key={g} aria-hidden="true">
            <line x1={M.left} x2={W - M.right} y1={y(g)} y2={y(g)} className="chart-grid" />
            <text x={M.left - 6} y={y(g) + 4} textAnchor="end" className="chart-label">
              {f.wholePercent(g)}
            </text>
          </g>
        ))}
        <g aria-hidden="true">
          <text x={M.left} y={H - 10} className="chart-label">
            {f.shortDateTime(new Date(t0))}
          </text>
          <text x={W - M.right} y={H - 10} textAnchor="end" className="chart-label">
            {f.shortDateTime(new Date(t1))}
          </text>
        </g>
        {series.map((s, i) => (
          <polyline
            key={s.key}
            aria-hidden="true"
            className={`chart-line series-${(i % 6) + 1}`}
            strokeDasharray={dashes[i % dashes.length] || undefined}
            points={s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.pct).toFixed(1)}`).join(" ")}
          />
        ))}
      </svg>
      <figcaption id={`${id}-caption`}>
        <ul className="chart-legend">
          {series.map((s, i) => (
            <li key={s.key}>
              <svg width="28" height="10" aria-hidden="true" focusable="false">
                <line x1="0" x2="28" y1="5" y2="5" className={`chart-line series-${(i % 6) + 1}`} strokeDasharray={dashes[i % dashes.length] || undefined} />
              </svg>{" "}
              {t("legendItem", { category: s.label, percent: pct(s.points.at(-1)?.pct ?? 0) })}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
      <details className="chart-table">
        <summary>{t("showTable")}</summary>
        <div className="table-wrap">
          <table>
            <caption>{t("tableCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("time")}</th>
                {series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {thin(times, tableRows).map((time) => (
                <tr key={time}>
                  <th scope="row">{f.dateTime(new Date(time))}</th>
                  {series.map((s) => {
                    const p = s.points.find((q) => q.t === time);
                    return <td key={s.key}>{p ? pct(p.pct) : "–"}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
