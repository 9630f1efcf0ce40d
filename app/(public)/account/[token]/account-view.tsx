import type { AccountStatus } from "@/lib/lookup/get-account-status";
import type { LookupTokenProblem } from "@/lib/lookup/resolve-lookup-token";
import { formatDateTime, formatInteger, formatPercent } from "@/lib/format";
import type { EmailKind, EmailStatus } from "@/lib/generated/prisma/enums";
import { impactStateLabels } from "@/lib/restores/impact-states";
import { LookupForm } from "../../lookup/lookup-form";

const kindLabel: Record<EmailKind, string> = {
  restore: "Restore notice",
  incident_update: "Incident update",
  letter: "Letter",
  lookup_link: "Private link",
  subscription_confirm: "Subscription confirmation",
  staff_invite: "Invitation",
};

const statusLabel: Record<EmailStatus, string> = {
  queued: "Waiting to be sent",
  sending: "Sending",
  sent: "Sent",
  failed: "Retrying",
  parked: "Not delivered (our staff are looking into it)",
};

export function AccountView({ status, token }: { status: AccountStatus; token: string }) {
  const action = `/account/${encodeURIComponent(token)}/manage`;
  return (
    <main id="main" className="container self-service">
      <h1>Your recovery status</h1>
      <p>
        Account <strong>{status.account.externalRef}</strong> · {status.account.displayName} ·{" "}
        <span className="muted">{status.account.maskedEmail}</span>
      </p>
      <p className="notice">
        This page is private to you: do not share its address. The link works until {formatDateTime(status.link.expiresAt)}; you can
        ask for a new one at any time on the <a href="/lookup">lookup page</a>.
      </p>

      {status.incidents.length === 0 ? <p className="card">No published incident affects this account.</p> : null}
      {status.incidents.map((incident) => {
        const lost = incident.categories.some((c) => c.state === "unrecoverable" || c.state === "partial");
        return (
          <section key={incident.slug} className="card" aria-labelledby={`incident-${incident.slug}`}>
            <h2 id={`incident-${incident.slug}`}>
              <a href={`/incidents/${incident.slug}`}>{incident.title}</a>
            </h2>
            <p className="muted">Incident status: {incident.status}</p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Data</th>
                    <th scope="col">State</th>
                    <th scope="col">Items restored</th>
                    <th scope="col">Last change</th>
                    <th scope="col">What happens next</th>
                  </tr>
                </thead>
                <tbody>
                  {incident.categories.map((c) => (
                    <tr key={c.key} data-category={c.key} data-state={c.state}>
                      <th scope="row">{c.label}</th>
                      <td>
                        <span className={`badge state-${c.state}`}>{impactStateLabels[c.state]}</span>
                      </td>
                      <td>
                        {formatInteger(c.itemsRestored)} of {formatInteger(c.itemsTotal)}
                        {c.itemsTotal > 0 ? (
                          <>
                            {" "}
                            <span className="muted">({formatPercent(c.itemsRestored, c.itemsTotal)})</span>
                            <span className="bar" aria-hidden="true">
                              <span className="restored" style={{ width: `${Math.min(100, (100 * c.itemsRestored) / c.itemsTotal)}%` }} />
                            </span>
                          </>
                        ) : null}
                      </td>
                      <td>{formatDateTime(c.updatedAt)}</td>
                      <td>{c.next}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {lost && incident.remedy ? (
              <div className="notice" data-testid="remedy">
                <h3>What we offer for data we could not recover</h3>
                <p>{incident.remedy}</p>
              </div>
            ) : null}
          </section>
        );
      })}

      <h2>Emails about your data</h2>
      <p>
        We email you when each kind of data is restored, partly restored or found to be unrecoverable. You do not need to subscribe
        for that.
      </p>
      {status.account.updatesOptOut ? (
        <form method="post" action={action} className="card">
          <p>
            You have opted out of incident updates. <strong>We will still tell you once when your data is restored.</strong>
          </p>
          <input type="hidden" name="action" value="opt-in" />
          <button type="submit">Send me incident updates again</button>
        </form>
      ) : (
        <form method="post" action={action} className="card">
          <p>
            You also get incident updates. You can opt out of those; <strong>we will still tell you once when your data is restored.</strong>
          </p>
          <input type="hidden" name="action" value="opt-out" />
          <button type="submit" className="secondary">
            Stop incident updates
          </button>
        </form>
      )}

      <h2>Emails we have sent you</h2>
      {status.emails.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="emails">
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Kind</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {status.emails.map((e, i) => (
                <tr key={i}>
                  <td>{formatDateTime(e.createdAt)}</td>
                  <td>{kindLabel[e.kind]}</td>
                  <td>{e.subject}</td>
                  <td>{e.status === "sent" && e.sentAt ? `Sent ${formatDateTime(e.sentAt)}` : statusLabel[e.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>This link</h2>
      <p>If you have shared this link by mistake, switch it off. You can always ask for a new one.</p>
      <form method="post" action={action} className="inline">
        <input type="hidden" name="action" value="revoke" />
        <button type="submit" className="secondary">
          Switch off this link
        </button>
      </form>
      <form method="post" action={action} className="inline">
        <input type="hidden" name="action" value="revoke-all" />
        <button type="submit" className="secondary">
          Switch off all links to this account
        </button>
      </form>
    </main>
  );
}

const problemText: Record<LookupTokenProblem, { title: string; text: string }> = {
  unknown: { title: "This link is not valid", text: "We do not recognise this link. It may have been copied incompletely." },
  expired: { title: "This link has expired", text: "Private links work for a limited time, to keep your account's status private." },
  revoked: { title: "This link has been switched off", text: "This link was switched off and no longer shows anything." },
};

/** Why a private link shows nothing (not-found.tsx for unknown links; /lookup?link=expired|revoked), with a form for a new one. */
export function InvalidLinkView({ problem }: { problem: LookupTokenProblem }) {
  const { title, text } = problemText[problem];
  return (
    <>
      <h1>{title}</h1>
      <p className="notice error">{text}</p>
      <h2>Get a new link</h2>
      <p>Enter the email address on your account and we will email you a new private link.</p>
      <LookupForm />
    </>
  );
}

export const linkProblemTitle = (problem: LookupTokenProblem) => problemText[problem].title;
