import { caseNumber, customerCaseStateLabels } from "@/lib/cases/case-schemas";
import type { AccountCase, AccountIncidentStatus, AccountRemedy, AccountStatus } from "@/lib/lookup/get-account-status";
import type { LookupTokenProblem } from "@/lib/lookup/resolve-lookup-token";
import { linkOpenBeaconPath } from "@/lib/evidence/link-opens";
import { formatDateTime, formatInteger, formatPercent } from "@/lib/format";
import type { EmailKind, EmailStatus } from "@/lib/generated/prisma/enums";
import { impactStateLabels } from "@/lib/restores/impact-states";
import { defaultLocale, type RenderLocale } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translator";
import { LookupForm } from "../../lookup/lookup-form";

const kindLabel: Record<EmailKind, string> = {
  restore: "Restore notice",
  incident_update: "Incident update",
  letter: "Letter",
  lookup_link: "Private link",
  subscription_confirm: "Subscription confirmation",
  staff_invite: "Invitation",
  case_reply: "Reply to your report",
};

/** What the last form on the page did (the support and remedy forms post, then come back here). */
export type CaseOutcome =
  | { kind: "reported" | "answered"; caseId: number }
  | { kind: "error"; code: string; field: string | null }
  | { kind: "claimed"; ruleId: number }
  | { kind: "claimError"; code: string }
  | { kind: "none"; report: number | null };

export function caseOutcomeOf(query: Record<string, string | string[] | undefined>): CaseOutcome {
  const one = (k: string) => (typeof query[k] === "string" ? (query[k] as string) : null);
  const id = (k: string) => (one(k) && /^\d{1,9}$/.test(one(k)!) ? Number(one(k)) : null);
  if (id("reported")) return { kind: "reported", caseId: id("reported")! };
  if (id("answered")) return { kind: "answered", caseId: id("answered")! };
  if (id("claimed")) return { kind: "claimed", ruleId: id("claimed")! };
  if (one("claimError")) return { kind: "claimError", code: one("claimError")! };
  if (one("caseError")) return { kind: "error", code: one("caseError")!, field: one("field") };
  return { kind: "none", report: id("report") };
}

// Fixed texts: nothing from the address bar is shown on the page.
const fieldText: Record<string, string> = {
  missing: "Say what is missing (at most 500 characters).",
  contact: "Say how we can reach you (at most 300 characters).",
  details: "The details can be at most 5,000 characters.",
  itemsExpected: "The number of items you expected must be a whole number, or left empty.",
  categoryId: "Choose one of your account's kinds of data.",
  body: "Write your answer (at most 5,000 characters).",
  caseId: "That report is not on this account.",
};

function caseErrorText(code: string, field: string | null): string {
  if (code === "RATE_LIMITED") return "You have sent many messages in a short time. Please wait an hour and try again; what you sent before is safe.";
  if (code === "VALIDATION") return (field && fieldText[field]) || "Please check the form and try again.";
  if (code === "NOT_FOUND") return fieldText.caseId!;
  return "Something went wrong on our side. Please try again later.";
}

const statusLabel: Record<EmailStatus, string> = {
  queued: "Waiting to be sent",
  sending: "Sending",
  sent: "Sent",
  failed: "Retrying",
  parked: "Not delivered (our staff are looking into it)",
};

export function AccountView({ status, token, outcome = { kind: "none", report: null } }: { status: AccountStatus; token: string; outcome?: CaseOutcome }) {
  const action = `/account/${encodeURIComponent(token)}/manage`;
  const casesAction = `/account/${encodeURIComponent(token)}/cases`;
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
                    <th scope="col">
                      <span className="visually-hidden">Report</span>
                    </th>
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
                      <td>
                        {c.state === "not_affected" ? null : <a href={`?report=${c.categoryId}#report-${incident.slug}`}>Something missing?</a>}
                      </td>
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
            <RemediesSection remedies={incident.remedies} action={`/account/${encodeURIComponent(token)}/remedies`} outcome={outcome} />
            <ReportForm incident={incident} action={casesAction} preselect={outcome.kind === "none" ? outcome.report : null} />
          </section>
        );
      })}

      <CasesSection cases={status.cases} action={casesAction} outcome={outcome} />

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
      {/* Proof of notice: counted when a browser shows the page, never by the page's own GET (lib/evidence/link-opens.ts). */}
      {/* eslint-disable-next-line @next/next/no-img-element -- a beacon, not content */}
      <img src={linkOpenBeaconPath(token)} alt="" width={1} height={1} loading="lazy" className="beacon" data-testid="seen-beacon" />
    </main>
  );
}

/** The words of a claim's refusal, by error code (fixed texts: nothing from the address bar is shown). */
function claimErrorKey(code: string): "rateLimited" | "notQualified" | "failed" {
  if (code === "RATE_LIMITED") return "rateLimited";
  return code === "NOT_FOUND" || code === "VALIDATION" ? "notQualified" : "failed";
}

/** "You qualify for ...": the stored eligibility (never computed here), each with an accept button (a plain form post) or its claim reference. */
function RemediesSection({
  remedies,
  action,
  outcome,
  locale = defaultLocale,
}: {
  remedies: AccountRemedy[];
  action: string;
  outcome: CaseOutcome;
  locale?: RenderLocale;
}) {
  if (remedies.length === 0) return null;
  const t = translator(locale, "remedies");
  return (
    <div className="notice" data-testid="remedies" id="remedies">
      <h3>{t("heading")}</h3>
      <p>{t("intro")}</p>
      {outcome.kind === "claimed" && remedies.some((r) => r.ruleId === outcome.ruleId) ? (
        <p className="notice ok" role="status">
          {t("claimed")}
        </p>
      ) : null}
      {outcome.kind === "claimError" ? (
        <p className="notice error" role="alert">
          {t(`claimError.${claimErrorKey(outcome.code)}`)}
        </p>
      ) : null}
      <ul>
        {remedies.map((r) => (
          <li key={r.ruleId} id={`remedy-${r.ruleId}`} data-testid="remedy-offer" data-claimed={r.reference ? "yes" : "no"}>
            <strong>{r.name}</strong>: {r.offer}
            {r.reference && r.claimedAt ? (
              <p data-testid="claim-reference">{t("accepted", { date: formatDateTime(r.claimedAt), reference: r.reference })}</p>
            ) : (
              <form method="post" action={action}>
                <input type="hidden" name="ruleId" value={r.ruleId} />
                <button type="submit">{t("accept")}</button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "Something is missing": one form per incident, the category chosen in it (a row's link preselects it). */
function ReportForm({ incident, action, preselect }: { incident: AccountIncidentStatus; action: string; preselect: number | null }) {
  const reportable = incident.categories.filter((c) => c.state !== "not_affected");
  if (reportable.length === 0) return null;
  const id = `report-${incident.slug}`;
  const chosen = reportable.find((c) => c.categoryId === preselect)?.categoryId ?? reportable[0]!.categoryId;
  return (
    <form method="post" action={action} className="report-form" id={id} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Is something missing?</h3>
      <p>If what came back is not everything you had, tell us. Our support team reads every report and answers here and by email.</p>
      <input type="hidden" name="action" value="report" />
      <p>
        <label htmlFor={`${id}-category`}>Kind of data</label>{" "}
        <select id={`${id}-category`} name="categoryId" defaultValue={chosen} required>
          {reportable.map((c) => (
            <option key={c.categoryId} value={c.categoryId}>
              {c.label}
            </option>
          ))}
        </select>
      </p>
      <p>
        <label htmlFor={`${id}-missing`}>What is missing</label>
        <br />
        <input id={`${id}-missing`} name="missing" required maxLength={500} size={60} placeholder="For example: my photos from 2008" />
      </p>
      <p>
        <label htmlFor={`${id}-expected`}>How many items you expected (optional)</label>{" "}
        <input id={`${id}-expected`} name="itemsExpected" type="number" min={0} inputMode="numeric" />
      </p>
      <p>
        <label htmlFor={`${id}-details`}>Anything else we should know (optional)</label>
        <br />
        <textarea id={`${id}-details`} name="details" rows={4} cols={60} maxLength={5000} />
      </p>
      <p>
        <label htmlFor={`${id}-contact`}>How we can reach you</label>
        <br />
        <input id={`${id}-contact`} name="contact" required maxLength={300} size={60} placeholder="Email, or a phone number and when to call" />
      </p>
      <button type="submit">Send report</button>
    </form>
  );
}

function CasesSection({ cases, action, outcome }: { cases: AccountCase[]; action: string; outcome: CaseOutcome }) {
  return (
    <section id="cases" aria-labelledby="cases-heading">
      <h2 id="cases-heading">Your reports</h2>
      {outcome.kind === "reported" ? (
        <p className="notice ok" role="status">
          Thank you. Your report {caseNumber(outcome.caseId)} is open; we will answer here and by email.
        </p>
      ) : null}
      {outcome.kind === "answered" ? (
        <p className="notice ok" role="status">
          Thank you. Your answer on {caseNumber(outcome.caseId)} has been sent to our support team.
        </p>
      ) : null}
      {outcome.kind === "error" ? (
        <p className="notice error" role="alert">
          Not sent: {caseErrorText(outcome.code, outcome.field)}
        </p>
      ) : null}
      {cases.length === 0 ? <p className="muted">You have not reported anything. If something is missing, use the form under your data above.</p> : null}
      {cases.map((c) => (
        <article key={c.id} id={`case-${c.id}`} className="card" data-testid="case" data-case-state={c.state}>
          <h3>
            {caseNumber(c.id)} · {c.categoryLabel}
          </h3>
          <p>
            <span className="badge">{customerCaseStateLabels[c.state]}</span> · reported {formatDateTime(c.createdAt)} · {c.incidentTitle}
          </p>
          <p>
            You told us: <q>{c.missing}</q>
            {c.itemsExpected !== null ? ` (you expected ${formatInteger(c.itemsExpected)} items)` : ""}
          </p>
          <ol className="messages">
            {c.messages.map((m) => (
              <li key={m.id} data-message-kind={m.kind}>
                <p className="muted">
                  {m.kind === "reply" ? "Our support team" : "You"} · {formatDateTime(m.createdAt)}
                </p>
                <p className="pre-line">{m.body}</p>
              </li>
            ))}
          </ol>
          <form method="post" action={action}>
            <input type="hidden" name="action" value="answer" />
            <input type="hidden" name="caseId" value={c.id} />
            <p>
              <label htmlFor={`answer-${c.id}`}>{c.state === "resolved" ? "Still missing? Answer to reopen it" : "Your answer"}</label>
              <br />
              <textarea id={`answer-${c.id}`} name="body" rows={3} cols={60} maxLength={5000} required />
            </p>
            <button type="submit" className="secondary">
              Send answer
            </button>
          </form>
        </article>
      ))}
    </section>
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
