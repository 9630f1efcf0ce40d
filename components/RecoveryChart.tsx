import { thin, type ChartPoint } from "@/lib/aggregates/get-chart-points";
import type { PublicCategory } from "@/lib/public/public-data";
import { formatDateTime } from "@/lib/format";

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

const pct = (n: number) => `${n.toFixed(1)}%`;

export function RecoveryChart({
  id,
  points,
  categories,
  tableRows = 60,
}: {
  id: string;
  points: ChartPoint[];
  categories: PublicCategory[];
  /** The table lists at most this many times, evenly spread, always the first and last. */
  tableRows?: number;
}) {
  const { times, series } = chartSeries(points, categories);
  if (times.length === 0) return <p className="muted">The chart appears once recovery figures have been recorded.</p>;
  const t0 = times[0]!;
  const t1 = times.at(-1)!;
  const span = Math.max(1, t1 - t0);
  const x = (t: number) => M.left + ((t - t0) / span) * (W - M.left - M.right);
  const y = (p: number) => H - M.bottom - (p / 100) * (H - M.top - M.bottom);
  const latest = series.map((s) => `${s.label} ${pct(s.points.at(-1)?.pct ?? 0)}`).join(", ");
  return (
    <figure className="chart" aria-labelledby={`${id}-caption`}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="chart-svg" preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-title`}>Share of affected accounts restored over time, per kind of data</title>
        <desc id={`${id}-desc`}>
          {`From ${formatDateTime(new Date(t0))} to ${formatDateTime(new Date(t1))}. Latest: ${latest}. The same figures are in the table below.`}
        </desc>
        {[0, 25, 50, 75, 100].map((g) => (
          <g key={g} aria-hidden="true">
            <line x1={M.left} x2={W - M.right} y1={y(g)} y2={y(g)} className="chart-grid" />
            <text x={M.left - 6} y={y(g) + 4} textAnchor="end" className="chart-label">
              {g}%
            </text>
          </g>
        ))}
        <g aria-hidden="true">
          <text x={M.left} y={H - 10} className="chart-label">
            {shortDate(t0)}
          </text>
          <text x={W - M.right} y={H - 10} textAnchor="end" className="chart-label">
            {shortDate(t1)}
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
              {s.label}: {pct(s.points.at(-1)?.pct ?? 0)}
            </li>
          ))}
        </ul>
      </figcaption>
      <details className="chart-table">
        <summary>Show these figures as a table</summary>
        <div className="table-wrap">
          <table>
            <caption>Share of affected accounts restored, by time (UTC)</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                {series.map((s) => (
                  <th key={s.key} scope="col">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {thin(times, tableRows).map((t) => (
                <tr key={t}>
                  <th scope="row">{formatDateTime(new Date(t))}</th>
                  {series.map((s) => {
                    const p = s.points.find((q) => q.t === t);
                    return <td key={s.key}>{p ? pct(p.pct) : "–"}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function shortDate(t: number): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }).format(new Date(t));
}
