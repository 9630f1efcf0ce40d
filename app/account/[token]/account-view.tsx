import { caseNumber } from "@/lib/cases/case-schemas";
import type { AccountCase, AccountIncidentStatus, AccountRemedy, AccountStatus } from "@/lib/lookup/get-account-status";
import type { LookupTokenProblem } from "@/lib/lookup/resolve-lookup-token";
import { linkOpenBeaconPath } from "@/lib/evidence/link-opens";
import type { RenderLocale } from "@/lib/i18n/locales";
import { localePath } from "@/lib/i18n/routing";
import { formattersFor, translator, type Formatters, type Translate } from "@/lib/i18n/translator";
import { LookupForm } from "../../[locale]/lookup/lookup-form";

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

// Fixed texts: nothing from the address bar is shown on the page (only known field names pick a message).
const fieldsWithText: ReadonlySet<string> = new Set(["missing", "contact", "details", "itemsExpected", "categoryId", "body", "caseId"]);

function caseErrorText(t: Translate, code: string, field: string | null): string {
  if (code === "RATE_LIMITED") return t("caseErrors.rateLimited");
  if (code === "VALIDATION") return field && fieldsWithText.has(field) ? t(`caseErrors.${field}`) : t("caseErrors.check");
  if (code === "NOT_FOUND") return t("caseErrors.caseId");
  return t("caseErrors.failed");
}

/**
 * The private page's content, in the account's language. A server component rendered by Next
 * (page.tsx) and by the fast path outside Next's request (fast-path.tsx, decision 045): so it
 * takes its words from the pure translator (lib/i18n/translator.ts), never from next-intl's
 * request APIs, and has no client component.
 */
export function AccountView({ status, token, outcome = { kind: "none", report: null } }: { status: AccountStatus; token: string; outcome?: CaseOutcome }) {
  const locale = status.account.locale;
  const t = translator(locale, "account");
  const f = formattersFor(locale);
  const action = `/account/${encodeURIComponent(token)}/manage`;
  const casesAction = `/account/${encodeURIComponent(token)}/cases`;
  const strong = (chunks: React.ReactNode) => <strong>{chunks}</strong>;
  return (
    <main id="main" className="container self-service">
      <h1>{t("title")}</h1>
      <p>
        {t.rich("accountLine", {
          ref: status.account.externalRef,
          name: status.account.displayName,
          email: status.account.maskedEmail,
          strong,
          muted: (chunks) => <span className="muted">{chunks}</span>,
        })}
      </p>
      <p className="notice">
        {t.rich("private", { expires: f.dateTime(status.link.expiresAt), link: (chunks) => <a href={localePath(locale, "/lookup")}>{chunks}</a> })}
      </p>

      {status.incidents.length === 0 ? <p className="card">{t("noIncident")}</p> : null}
      {status.incidents.map((incident) => {
        const lost = incident.categories.some((c) => c.state === "unrecoverable" || c.state === "partial");
        return (
          <section key={incident.slug} className="card" aria-labelledby={`incident-${incident.slug}`}>
            <h2 id={`incident-${incident.slug}`}>
              <a href={localePath(locale, `/incidents/${incident.slug}`)}>{incident.title}</a>
            </h2>
            <p className="muted">{t("incidentStatus", { status: translator(locale, "common.incidentStatus")(incident.status) })}</p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("columns.data")}</th>
                    <th scope="col">{t("columns.state")}</th>
                    <th scope="col">{t("columns.items")}</th>
                    <th scope="col">{t("columns.changed")}</th>
                    <th scope="col">{t("columns.next")}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t("columns.report")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {incident.categories.map((c) => (
                    <tr key={c.key} data-category={c.key} data-state={c.state}>
                      <th scope="row">{c.label}</th>
                      <td>
                        <span className={`badge state-${c.state}`}>{t(`state.${c.state}`)}</span>
                      </td>
                      <td>
                        {t("itemsOf", { restored: f.integer(c.itemsRestored), total: f.integer(c.itemsTotal) })}
                        {c.itemsTotal > 0 ? (
                          <>
                            {" "}
                            <span className="muted">({f.percent(c.itemsRestored, c.itemsTotal)})</span>
                            <span className="bar" aria-hidden="true">
                              <span className="restored" style={{ width: `${Math.min(100, (100 * c.itemsRestored) / c.itemsTotal)}%` }} />
                            </span>
                          </>
                        ) : null}
                      </td>
                      <td>{f.dateTime(c.updatedAt)}</td>
                      <td>{t(`nextStep.${c.state}`)}</td>
                      <td>
                        {c.state === "not_affected" ? null : <a href={`?report=${c.categoryId}#report-${incident.slug}`}>{t("somethingMissing")}</a>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {lost && incident.remedy ? (
              <div className="notice" data-testid="remedy">
                <h3>{t("remedyHeading")}</h3>
                <p>{incident.remedy}</p>
              </div>
            ) : null}
            <RemediesSection remedies={incident.remedies} action={`/account/${encodeURIComponent(token)}/remedies`} outcome={outcome} f={f} />
            <ReportForm incident={incident} action={casesAction} preselect={outcome.kind === "none" ? outcome.report : null} t={t} />
          </section>
        );
      })}

      <CasesSection cases={status.cases} action={casesAction} outcome={outcome} t={t} f={f} />

      <h2>{t("emailsAboutData")}</h2>
      <p>{t("emailsAboutDataText")}</p>
      {status.account.updatesOptOut ? (
        <form method="post" action={action} className="card">
          <p>{t.rich("optedOut", { strong })}</p>
          <input type="hidden" name="action" value="opt-in" />
          <button type="submit">{t("optIn")}</button>
        </form>
      ) : (
        <form method="post" action={action} className="card">
          <p>{t.rich("optedIn", { strong })}</p>
          <input type="hidden" name="action" value="opt-out" />
          <button type="submit" className="secondary">
            {t("optOut")}
          </button>
        </form>
      )}

      <h2>{t("emailsSent")}</h2>
      {status.emails.length === 0 ? (
        <p className="muted">{t("noneYet")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="emails">
            <thead>
              <tr>
                <th scope="col">{t("emailColumns.queued")}</th>
                <th scope="col">{t("emailColumns.kind")}</th>
                <th scope="col">{t("emailColumns.subject")}</th>
                <th scope="col">{t("emailColumns.status")}</th>
              </tr>
            </thead>
            <tbody>
              {status.emails.map((e, i) => (
                <tr key={i}>
                  <td>{f.dateTime(e.createdAt)}</td>
                  <td>{t(`emailKind.${e.kind}`)}</td>
                  <td>{e.subject}</td>
                  <td>{e.status === "sent" && e.sentAt ? t("sentAt", { time: f.dateTime(e.sentAt) }) : t(`emailStatus.${e.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t("thisLink")}</h2>
      <p>{t("thisLinkText")}</p>
      <form method="post" action={action} className="inline">
        <input type="hidden" name="action" value="revoke" />
        <button type="submit" className="secondary">
          {t("revoke")}
        </button>
      </form>
      <form method="post" action={action} className="inline">
        <input type="hidden" name="action" value="revoke-all" />
        <button type="submit" className="secondary">
          {t("revokeAll")}
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
function RemediesSection({ remedies, action, outcome, f }: { remedies: AccountRemedy[]; action: string; outcome: CaseOutcome; f: Formatters }) {
  if (remedies.length === 0) return null;
  const t = translator(f.locale, "remedies");
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
              <p data-testid="claim-reference">{t("accepted", { date: f.dateTime(r.claimedAt), reference: r.reference })}</p>
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
function ReportForm({ incident, action, preselect, t }: { incident: AccountIncidentStatus; action: string; preselect: number | null; t: Translate }) {
  const reportable = incident.categories.filter((c) => c.state !== "not_affected");
  if (reportable.length === 0) return null;
  const id = `report-${incident.slug}`;
  const chosen = reportable.find((c) => c.categoryId === preselect)?.categoryId ?? reportable[0]!.categoryId;
  return (
    <form method="post" action={action} className="report-form" id={id} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{t("report.heading")}</h3>
      <p>{t("report.intro")}</p>
      <input type="hidden" name="action" value="report" />
      <p>
        <label htmlFor={`${id}-category`}>{t("report.category")}</label>{" "}
        <select id={`${id}-category`} name="categoryId" defaultValue={chosen} required>
          {reportable.map((c) => (
            <option key={c.categoryId} value={c.categoryId}>
              {c.label}
            </option>
          ))}
        </select>
      </p>
      <p>
        <label htmlFor={`${id}-missing`}>{t("report.missing")}</label>
        <br />
        <input id={`${id}-missing`} name="missing" required maxLength={500} size={60} placeholder={t("report.missingPlaceholder")} />
      </p>
      <p>
        <label htmlFor={`${id}-expected`}>{t("report.expected")}</label>{" "}
        <input id={`${id}-expected`} name="itemsExpected" type="number" min={0} inputMode="numeric" />
      </p>
      <p>
        <label htmlFor={`${id}-details`}>{t("report.details")}</label>
        <br />
        <textarea id={`${id}-details`} name="details" rows={4} cols={60} maxLength={5000} />
      </p>
      <p>
        <label htmlFor={`${id}-contact`}>{t("report.contact")}</label>
        <br />
        <input id={`${id}-contact`} name="contact" required maxLength={300} size={60} placeholder={t("report.contactPlaceholder")} />
      </p>
      <button type="submit">{t("report.send")}</button>
    </form>
  );
}

function CasesSection({ cases, action, outcome, t, f }: { cases: AccountCase[]; action: string; outcome: CaseOutcome; t: Translate; f: Formatters }) {
  return (
    <section id="cases" aria-labelledby="cases-heading">
      <h2 id="cases-heading">{t("cases.heading")}</h2>
      {outcome.kind === "reported" ? (
        <p className="notice ok" role="status">
          {t("cases.reported", { case: caseNumber(outcome.caseId) })}
        </p>
      ) : null}
      {outcome.kind === "answered" ? (
        <p className="notice ok" role="status">
          {t("cases.answered", { case: caseNumber(outcome.caseId) })}
        </p>
      ) : null}
      {outcome.kind === "error" ? (
        <p className="notice error" role="alert">
          {t("cases.notSent", { reason: caseErrorText(t, outcome.code, outcome.field) })}
        </p>
      ) : null}
      {cases.length === 0 ? <p className="muted">{t("cases.none")}</p> : null}
      {cases.map((c) => (
        <article key={c.id} id={`case-${c.id}`} className="card" data-testid="case" data-case-state={c.state}>
          <h3>
            {caseNumber(c.id)} · {c.categoryLabel}
          </h3>
          <p>
            <span className="badge">{t(`cases.state.${c.state}`)}</span> · {t("cases.reportedAt", { time: f.dateTime(c.createdAt) })} · {c.incidentTitle}
          </p>
          <p>
            {t.rich("cases.youTold", { missing: c.missing, q: (chunks) => <q>{chunks}</q> })}
            {c.itemsExpected !== null ? t("cases.expected", { count: c.itemsExpected }) : ""}
          </p>
          <ol className="messages">
            {c.messages.map((m) => (
              <li key={m.id} data-message-kind={m.kind}>
                <p className="muted">
                  {m.kind === "reply" ? t("cases.support") : t("cases.you")} · {f.dateTime(m.createdAt)}
                </p>
                <p className="pre-line">{m.body}</p>
              </li>
            ))}
          </ol>
          <form method="post" action={action}>
            <input type="hidden" name="action" value="answer" />
            <input type="hidden" name="caseId" value={c.id} />
            <p>
              <label htmlFor={`answer-${c.id}`}>{c.state === "resolved" ? t("cases.reopen") : t("cases.answer")}</label>
              <br />
              <textarea id={`answer-${c.id}`} name="body" rows={3} cols={60} maxLength={5000} required />
            </p>
            <button type="submit" className="secondary">
              {t("cases.sendAnswer")}
            </button>
          </form>
        </article>
      ))}
    </section>
  );
}

/** Why a private link shows nothing (not-found.tsx for unknown links; /lookup?link=expired|revoked), with a form for a new one. */
export function InvalidLinkView({ problem, locale }: { problem: LookupTokenProblem; locale: RenderLocale }) {
  const t = translator(locale, "account.problem");
  return (
    <>
      <h1>{t(`${problem}.title`)}</h1>
      <p className="notice error">{t(`${problem}.text`)}</p>
      <h2>{t("newLink")}</h2>
      <p>{t("newLinkText")}</p>
      <LookupForm locale={locale} />
    </>
  );
}

export const linkProblemTitle = (problem: LookupTokenProblem, locale: RenderLocale = "en") => translator(locale, "account.problem")(`${problem}.title`);
