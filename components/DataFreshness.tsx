import { formatAge, formatDateTime } from "@/lib/format";

/**
 * Says how old the figures are. When the database could not be read, says so plainly:
 * the page is the last good copy, not live data.
 */
export function DataFreshness({ generatedAt, ageSeconds, stale }: { generatedAt: string; ageSeconds: number; stale: boolean }) {
  if (stale) {
    return (
      <p className="notice stale" role="status" data-stale="true">
        <strong>These figures may be out of date.</strong> We cannot reach our records right now, so this page shows them as of{" "}
        {formatDateTime(generatedAt)} ({formatAge(ageSeconds)} ago). Reload the page later for newer figures.
      </p>
    );
  }
  return (
    <p className="muted freshness" data-stale="false">
      Figures as of {formatDateTime(generatedAt)}.
    </p>
  );
}
