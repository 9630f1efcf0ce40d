import type { RecoverySeries } from "@/lib/staff/get-recovery-series";
import { formatDateTime } from "@/lib/format";

const colours = ["#1a7f37", "#0b5cad", "#9a6700", "#8250df", "#c0262d", "#1b7c83"];
const width = 640;
const height = 220;
const pad = { left: 40, right: 10, top: 10, bottom: 24 };

/** Share of accounts restored over time, one line per kind of data (server-rendered SVG). */
export function RecoveryChart({ series }: { series: RecoverySeries[] }) {
  const all = series.flatMap((s) => s.points);
  if (all.length < 2) return <p className="muted">Not enough history for a chart yet.</p>;
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t));
  const x = (t: number) => pad.left + ((t - t0) / Math.max(1, t1 - t0)) * (width - pad.left - pad.right);
  const y = (share: number) => pad.top + (1 - share) * (height - pad.top - pad.bottom);
  const summary = series.map((s) => `${s.label} ${Math.round((s.points[s.points.length - 1]?.restoredShare ?? 0) * 100)}%`).join(", ");
  return (
    <figure className="recovery-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Share of accounts restored over time. Now: ${summary}.`}>
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <g key={v}>
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke="currentColor" strokeOpacity={0.15} />
            <text x={pad.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="currentColor">
              {v * 100}%
            </text>
          </g>
        ))}
        {series.map((s, i) => (
          <polyline
            key={s.key}
            fill="none"
            stroke={colours[i % colours.length]}
            strokeWidth={2}
            points={s.points.map((p) => `${x(p.t).toFixed(1)},${y(p.restoredShare).toFixed(1)}`).join(" ")}
          />
        ))}
        <text x={pad.left} y={height - 6} fontSize="11" fill="currentColor">
          {formatDateTime(new Date(t0))}
        </text>
        <text x={width - pad.right} y={height - 6} fontSize="11" fill="currentColor" textAnchor="end">
          {formatDateTime(new Date(t1))}
        </text>
      </svg>
      <figcaption className="legend">
        {series.map((s, i) => (
          <span key={s.key} className="chart-key">
            <span style={{ background: colours[i % colours.length] }} aria-hidden="true" /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
