import { formatDateTime, formatInteger } from "@/lib/format";
import type { RegulatorReport } from "@/lib/incidents/get-regulator-report";

const when = (iso: string | null) => (iso ? formatDateTime(iso) : "not set");
const hoursText = (h: number | null) => (h === null ? "—" : `${h.toLocaleString("en-US")} h`);

/**
 * The regulator summary (GDPR Art. 33(3)), as computed now or as issued: the same
 * component for both, so a printed version reads like the live one. Printable (the
 * console's frame is hidden in print).
 */
export function RegulatorReportView({ report }: { report: RegulatorReport }) {
  const { incident, totals, clocks } = report;
  return (
    <article className="regulator-report" data-testid="regulator-report">
      <h2>Personal data breach notification: {incident.title}</h2>
      <p className="muted">Figures computed from the portal&apos;s records at {formatDateTime(report.generatedAt)}.</p>

      <h3>Timeline and the 72-hour deadline (Art. 33(1))</h3>
      <dl data-testid="report-clocks">
        <dt>Incident started</dt>
        <dd>{when(incident.startedAt)}</dd>
        <dt>Company became aware</dt>
        <dd data-testid="aware-at">{when(incident.awareAt)}</dd>
        <dt>Regulator deadline (aware + 72 h)</dt>
        <dd data-testid="deadline-at">{when(clocks.deadlineAt)}</dd>
        <dt>First version issued</dt>
        <dd data-testid="first-issued">
          {clocks.firstIssuedAt ? (
            <>
              {formatDateTime(clocks.firstIssuedAt)}, {hoursText(clocks.hoursSinceAware)} after becoming aware:{" "}
              <strong>{clocks.firstIssuedInTime ? "within 72 hours" : "LATE (over 72 hours): give the reasons for the delay"}</strong>
            </>
          ) : clocks.hoursSinceAware !== null ? (
            <>Not issued yet: {hoursText(clocks.hoursSinceAware)} since becoming aware{clocks.hoursSinceAware > 72 ? " (past the deadline)" : ""}</>
          ) : (
            "Not issued yet"
          )}
        </dd>
        <dt>Published to customers</dt>
        <dd>{when(incident.publishedAt)}</dd>
        <dt>Resolved</dt>
        <dd>{incident.resolvedAt ? formatDateTime(incident.resolvedAt) : "not yet"}</dd>
      </dl>

      <h3>(a) Nature of the breach</h3>
      <p className="pre-line">{incident.summary}</p>
      <p data-testid="report-totals">
        Approximately <strong>{formatInteger(totals.people)}</strong> people (accounts) affected and <strong>{formatInteger(totals.records)}</strong>{" "}
        records (items) concerned.
      </p>
      <div className="table-wrap">
        <table data-testid="report-categories">
          <thead>
            <tr>
              <th scope="col">Category of data</th>
              <th scope="col">People affected</th>
              <th scope="col">Records (items)</th>
              <th scope="col">Records restored</th>
              <th scope="col">Pending</th>
              <th scope="col">Restoring</th>
              <th scope="col">Restored</th>
              <th scope="col">Partly restored</th>
              <th scope="col">Unrecoverable</th>
              <th scope="col">Records lost</th>
            </tr>
          </thead>
          <tbody>
            {report.categories.map((c) => (
              <tr key={c.key} data-category={c.key}>
                <th scope="row">{c.label}</th>
                <td>{formatInteger(c.people)}</td>
                <td>{formatInteger(c.records)}</td>
                <td>{formatInteger(c.restoredRecords)}</td>
                <td>{formatInteger(c.pending)}</td>
                <td>{formatInteger(c.restoring)}</td>
                <td>{formatInteger(c.restored)}</td>
                <td>{formatInteger(c.partial)}</td>
                <td>{formatInteger(c.unrecoverable)}</td>
                <td>{formatInteger(c.lostRecords)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>(b) Contact point</h3>
      <p className="pre-line" data-testid="report-contact">
        {incident.dpoContact || "Not set."}
      </p>

      <h3>(c) Likely consequences</h3>
      <p data-testid="report-consequences">
        {formatInteger(totals.peopleWithLoss)} people lost data permanently: {formatInteger(totals.unrecoverable)} categories of an account could not be
        recovered and {formatInteger(totals.partial)} were only partly restored, about {formatInteger(totals.lostRecords)} records (items) in all.
      </p>

      <h3>(d) Measures taken (the incident&apos;s updates)</h3>
      {report.measures.length === 0 ? <p>No update published yet.</p> : null}
      <ol data-testid="report-measures">
        {report.measures.map((m, i) => (
          <li key={i}>
            <strong>{formatDateTime(m.publishedAt)}</strong> ({m.status}): <span className="pre-line">{m.body}</span>
          </li>
        ))}
      </ol>

      <h3>Notice to the people affected (Art. 34)</h3>
      <p data-testid="report-notice">
        {formatInteger(clocks.notice.notified)} of {formatInteger(clocks.notice.accounts)} affected accounts have been sent a notice (restore email, letter or
        incident update). From an account entering our records to its first notice: median {hoursText(clocks.notice.medianHours)}, worst{" "}
        {hoursText(clocks.notice.worstHours)}.
        {clocks.notice.waiting > 0 ? ` ${formatInteger(clocks.notice.waiting)} not notified yet (the oldest waiting ${hoursText(clocks.notice.oldestWaitingHours)}).` : ""}
      </p>
    </article>
  );
}
