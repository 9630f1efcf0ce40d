import type { Database } from "../db";
import type { CaseMessageKind, CaseState, EmailKind, EmailStatus, ImpactState, IncidentStatus } from "../generated/prisma/enums";
import { maskEmail } from "../format";
import { categoryLabel } from "../i18n/category-label";
import { defaultLocale, parseLanguageTag, type Locale } from "../i18n/locales";
import { hashToken, randomTokenPattern } from "../tokens";
import { checkLookupLink, lookupProblem } from "./resolve-lookup-token";

export interface AccountCategoryStatus {
  /** For a "something is missing" report about this category. */
  categoryId: number;
  key: string;
  label: string;
  state: ImpactState;
  itemsTotal: number;
  itemsRestored: number;
  updatedAt: Date;
  /** Plain words: what happens next for data in this state. */
  next: string;
}

export interface AccountIncidentStatus {
  slug: string;
  title: string;
  status: IncidentStatus;
  /** What the company offers for data that cannot be recovered. */
  remedy: string;
  /** The language of title and remedy: the account's when the incident is translated into it, else the incident's default (`fallback`: say so). */
  contentLocale?: string;
  fallback?: boolean;
  categories: AccountCategoryStatus[];
  /** Remedies the account qualifies for now, or has accepted (kept even if it no longer qualifies). */
  remedies: AccountRemedy[];
}

export interface AccountRemedy {
  ruleId: number;
  name: string;
  offer: string;
  claimedAt: Date | null;
  /** The claim's reference for billing, once accepted. */
  reference: string | null;
}

export interface AccountStatus {
  /** `locale`: the language the account's page and emails use (a shipped locale; anything else reads as the default). */
  account: { externalRef: string; displayName: string; maskedEmail: string; updatesOptOut: boolean; locale: Locale };
  link: { expiresAt: Date };
  incidents: AccountIncidentStatus[];
  emails: { kind: EmailKind; subject: string; status: EmailStatus; createdAt: Date; sentAt: Date | null }[];
  /** The account's support cases, newest first, with the messages the customer may read (never internal notes). */
  cases: AccountCase[];
}

export interface AccountCase {
  id: number;
  state: CaseState;
  categoryLabel: string;
  incidentTitle: string;
  missing: string;
  itemsExpected: number | null;
  createdAt: Date;
  messages: { id: number; kind: Exclude<CaseMessageKind, "note">; body: string; createdAt: Date }[];
}

/** What the customer may read of a case: their own messages and support's replies. */
const customerVisibleKinds = ["report", "customer", "reply"] as const satisfies readonly CaseMessageKind[];
const customerVisibleKindsSql = `(${customerVisibleKinds.map((k) => `'${k}'`).join(", ")})`;

const nextStep: Record<ImpactState, string> = {
  pending: "Waiting its turn: restores go category by category. We will email you when it is back.",
  restoring: "Being restored now. We will email you when it is finished.",
  restored: "Back on our servers. Your device picks it up the next time it syncs.",
  partial: "Part of it is back; the rest could not be recovered. The offer below applies.",
  unrecoverable: "We could not recover this data. The offer below applies.",
  not_affected: "Not affected by this incident: nothing to do.",
};

/**
 * The account's stored language as a shipped locale; a tag we do not ship reads as the default language.
 * Kept per stored tag (there are few): parsing a tag (Intl.getCanonicalLocales, Intl.Locale) on every
 * page was ~1% of the private page's time under the crowd (bench:account, decision 045).
 */
const accountLocales = new Map<string, Locale>();
function accountLocale(stored: string): Locale {
  let locale = accountLocales.get(stored);
  if (locale === undefined) {
    const parsed = parseLanguageTag(stored);
    locale = parsed.ok && parsed.supported ? parsed.locale : defaultLocale;
    if (accountLocales.size >= 1000) accountLocales.clear();
    accountLocales.set(stored, locale);
  }
  return locale;
}

interface StatusRow {
  token_id: string;
  account_id: number;
  expires_at: Date;
  revoked_at: Date | null;
  external_ref: string;
  display_name: string;
  email: string;
  updates_opt_out: boolean;
  locale: string;
  /** json: ordered by incident (newest first), then category position. */
  impacts: { slug: string; title: string; status: IncidentStatus; remedy: string; content_locale: string; default_locale: string; fallback: boolean; category_id: number; key: string; label: string; label_own: string | null; state: ImpactState; items_total: number; items_restored: number; updated_at: string }[];
  emails: { kind: EmailKind; subject: string; status: EmailStatus; created_at: string; sent_at: string | null }[];
  remedies: { rule_id: number; slug: string; name: string; offer: string; claimed_at: string | null; reference: string | null }[];
  cases: {
    id: number; state: CaseState; category_key: string; category_label: string; category_label_own: string | null; default_locale: string; incident_title: string; missing: string; items_expected: number | null; created_at: string;
    messages: { id: number; kind: Exclude<CaseMessageKind, "note">; body: string; created_at: string }[];
  }[];
}

/**
 * Everything the private account page shows, in one statement (one round trip): the
 * link, its account, the account's impacts in published incidents with their category
 * and incident, the remedies it qualifies for (stored eligibility, by its account index:
 * never evaluated here), its last 50 emails and its last 20 support cases. The page is opened by everyone an email reached,
 * at once; six ORM queries in three rounds cost more than the rendering (issue 13,
 * docs/decisions/045-private-page-under-a-crowd.md). Read-only: link scanners change nothing.
 */
export async function getAccountStatus(db: Pick<Database, "driver">, token: string, now: Date = new Date()): Promise<AccountStatus> {
  if (!randomTokenPattern.test(token)) throw lookupProblem("unknown");
  const [row] = await db.driver.query<StatusRow>(
    `SELECT t.id AS token_id, t.account_id, t.expires_at, t.revoked_at,
            a.external_ref, a.display_name, a.email, a.updates_opt_out, a.locale,
            (SELECT coalesce(json_agg(json_build_object(
                      -- The incident's texts in the account's language when written in it (decision 043).
                      'slug', inc.slug, 'title', coalesce(it.title, inc.title), 'status', inc.status, 'remedy', coalesce(it.remedy, inc.remedy),
                      'content_locale', coalesce(it.locale, inc.default_locale), 'default_locale', inc.default_locale, 'fallback', it.locale IS NULL AND inc.default_locale <> a.locale,
                      'category_id', c.id, 'key', c.key, 'label', c.label, 'label_own', ct.label, 'state', i.state, 'items_total', i.items_total,
                      'items_restored', i.items_restored, 'updated_at', i.updated_at)
                    ORDER BY inc.started_at DESC, inc.id, c.position), '[]'::json)
               FROM "impact" i
               JOIN "incident" inc ON inc.id = i.incident_id AND inc.published_at IS NOT NULL
               LEFT JOIN "incident_translation" it ON it.incident_id = inc.id AND it.locale = a.locale
               JOIN "data_category" c ON c.id = i.category_id
               LEFT JOIN "data_category_translation" ct ON ct.category_id = c.id AND ct.locale = a.locale
              WHERE i.account_id = t.account_id) AS impacts,
            -- A remedy's name and offer in the account's language when written in it.
            (SELECT coalesce(json_agg(json_build_object('rule_id', r.id, 'slug', inc.slug, 'name', coalesce(rt.name, r.name), 'offer', coalesce(rt.offer, r.offer),
                      'claimed_at', e.claimed_at, 'reference', e.claim_reference) ORDER BY r.id), '[]'::json)
               FROM "remedy_eligibility" e
               JOIN "remedy_rule" r ON r.id = e.rule_id
               JOIN "incident" inc ON inc.id = r.incident_id AND inc.published_at IS NOT NULL
               LEFT JOIN "remedy_rule_translation" rt ON rt.rule_id = r.id AND rt.locale = a.locale
              WHERE e.account_id = t.account_id AND (e.qualifies OR e.claimed_at IS NOT NULL)) AS remedies,
            (SELECT coalesce(json_agg(json_build_object('kind', e.kind, 'subject', e.subject, 'status', e.status,
                      'created_at', e.created_at, 'sent_at', e.sent_at) ORDER BY e.created_at DESC, e.id DESC), '[]'::json)
               FROM (SELECT id, kind, subject, status, created_at, sent_at FROM "email_outbox"
                      WHERE account_id = t.account_id ORDER BY created_at DESC, id DESC LIMIT 50) e) AS emails,
            (SELECT coalesce(json_agg(json_build_object('id', sc.id, 'state', sc.state, 'category_key', c.key, 'category_label', c.label, 'category_label_own', ct.label,
                      'default_locale', inc.default_locale, 'incident_title', coalesce(it.title, inc.title),
                      'missing', sc.missing, 'items_expected', sc.items_expected, 'created_at', sc.created_at,
                      -- Internal notes never leave this statement: only the customer's messages and replies.
                      'messages', (SELECT coalesce(json_agg(json_build_object('id', m.id, 'kind', m.kind, 'body', m.body, 'created_at', m.created_at) ORDER BY m.id), '[]'::json)
                                     FROM "case_message" m WHERE m.case_id = sc.id AND m.kind IN ${customerVisibleKindsSql}))
                    ORDER BY sc.id DESC), '[]'::json)
               FROM (SELECT * FROM "support_case" WHERE account_id = t.account_id ORDER BY id DESC LIMIT 20) sc
               JOIN "data_category" c ON c.id = sc.category_id
               JOIN "incident" inc ON inc.id = sc.incident_id
               LEFT JOIN "incident_translation" it ON it.incident_id = inc.id AND it.locale = a.locale
               LEFT JOIN "data_category_translation" ct ON ct.category_id = c.id AND ct.locale = a.locale) AS cases
       FROM "lookup_token" t JOIN "account" a ON a.id = t.account_id
      WHERE t.token_hash = $1`,
    [hashToken(token)],
    // Planned once per connection: planning this statement costs ~4x running it (decision 045).
    { name: "account-status" },
  );
  if (!row) throw lookupProblem("unknown");
  checkLookupLink({ revokedAt: row.revoked_at, expiresAt: row.expires_at }, now);

  const locale = accountLocale(row.locale);
  // A kind of data's name in the account's language (lib/i18n/category-label.ts).
  const label = (key: string, written: string, own: string | null, contentDefault: string) =>
    categoryLabel({ key, label: written, translations: own === null ? undefined : { [locale]: own } }, contentDefault, locale);
  const incidents: AccountIncidentStatus[] = [];
  for (const impact of row.impacts) {
    let incident = incidents.at(-1);
    if (incident?.slug !== impact.slug) {
      incident = {
        slug: impact.slug,
        title: impact.title,
        status: impact.status,
        remedy: impact.remedy,
        contentLocale: impact.content_locale,
        fallback: impact.fallback,
        categories: [],
        remedies: row.remedies
          .filter((r) => r.slug === impact.slug)
          .map((r) => ({ ruleId: r.rule_id, name: r.name, offer: r.offer, claimedAt: r.claimed_at === null ? null : new Date(r.claimed_at), reference: r.reference })),
      };
      incidents.push(incident);
    }
    incident.categories.push({
      categoryId: impact.category_id,
      key: impact.key,
      label: label(impact.key, impact.label, impact.label_own, impact.default_locale),
      state: impact.state,
      itemsTotal: impact.items_total,
      itemsRestored: impact.items_restored,
      updatedAt: new Date(impact.updated_at),
      next: nextStep[impact.state],
    });
  }

  return {
    account: {
      externalRef: row.external_ref,
      displayName: row.display_name,
      maskedEmail: maskEmail(row.email),
      updatesOptOut: row.updates_opt_out,
      locale,
    },
    link: { expiresAt: new Date(row.expires_at) },
    incidents,
    emails: row.emails.map((e) => ({
      kind: e.kind,
      subject: e.subject,
      status: e.status,
      createdAt: new Date(e.created_at),
      sentAt: e.sent_at === null ? null : new Date(e.sent_at),
    })),
    cases: row.cases.map((c) => ({
      id: c.id,
      state: c.state,
      categoryLabel: label(c.category_key, c.category_label, c.category_label_own, c.default_locale),
      incidentTitle: c.incident_title,
      missing: c.missing,
      itemsExpected: c.items_expected,
      createdAt: new Date(c.created_at),
      messages: c.messages.map((m) => ({ id: m.id, kind: m.kind, body: m.body, createdAt: new Date(m.created_at) })),
    })),
  };
}
