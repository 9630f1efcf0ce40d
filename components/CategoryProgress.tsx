import type { CategoryProgress as Progress } from "@/lib/status/get-status-overview";
import { formatInteger, formatPercent } from "@/lib/format";

function share(n: number, of: number): string {
  return of > 0 ? `${(n / of) * 100}%` : "0%";
}

export function CategoryProgressList({ categories }: { categories: Progress[] }) {
  return (
    <ul className="progress-list">
      {categories.map((c) => (
        <li key={c.key} data-category={c.key}>
          <div className="progress-head">
            <strong>{c.label}</strong>
            <span>
              {formatPercent(c.restored, c.affected)} restored, {formatInteger(c.restored)} of {formatInteger(c.affected)} accounts
            </span>
          </div>
          <div
            className="bar"
            role="img"
            aria-label={`${c.label}: ${formatInteger(c.restored)} restored, ${formatInteger(c.partial)} partly restored, ${formatInteger(c.unrecoverable)} unrecoverable, ${formatInteger(c.restoring)} being restored, ${formatInteger(c.pending)} waiting`}
          >
            <span className="restored" style={{ width: share(c.restored, c.affected) }} />
            <span className="partial" style={{ width: share(c.partial, c.affected) }} />
            <span className="unrecoverable" style={{ width: share(c.unrecoverable, c.affected) }} />
            <span className="restoring" style={{ width: share(c.restoring, c.affected) }} />
          </div>
          <div className="legend">
            {formatInteger(c.partial)} partly restored · {formatInteger(c.unrecoverable)} unrecoverable ·{" "}
            {formatInteger(c.restoring)} being restored · {formatInteger(c.pending)} waiting ·{" "}
            {formatInteger(c.itemsRestored)} of {formatInteger(c.itemsTotal)} items back
          </div>
        </li>
      ))}
    </ul>
  );
}
