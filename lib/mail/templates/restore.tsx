import { Button, Heading, Text } from "@react-email/components";
import type { RenderLocale } from "../../i18n/locales";
import { formattersFor, translator } from "../../i18n/translator";
import { buttonStyle, EmailLayout, EmailLink, headingStyle, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

/**
 * The restore email: the latest state of every category of the account that changed
 * since its last restore email (lib/mail/kinds/restore.ts reads them when it is sent), in the
 * account's language (messages/<locale>/emails.json, `restore.*`).
 */
export interface RestoreEmailProps {
  locale: RenderLocale;
  name: string;
  incidentTitle: string;
  /** `stateLabel`: restoreStateText(locale)[state]; `counts`: " (64 of 300 items)" or "" (restoreCountText). */
  categories: { label: string; stateLabel: string; counts: string }[];
  complete: boolean;
  accountUrl: string;
  unsubscribeUrl?: string | null;
  /** Remedies this email announces (once per account and remedy: lib/mail/kinds/restore.ts). */
  remedies?: { name: string; offer: string }[];
}

export type RestoreState = "restored" | "partial" | "unrecoverable";

// Per-email work stays a few lookups (bench:mail sends a million of these): the fixed words
// once per language; the counts through a template per language and plural category.
const stateTexts = new Map<RenderLocale, Record<RestoreState, string>>();
const subjects = new Map<string, string>();

export function restoreStateText(locale: RenderLocale): Record<RestoreState, string> {
  let texts = stateTexts.get(locale);
  if (!texts) {
    const t = translator(locale, "emails");
    texts = { restored: t("restore.stateRestored"), partial: t("restore.statePartial"), unrecoverable: t("restore.stateUnrecoverable") };
    stateTexts.set(locale, texts);
  }
  return texts;
}

/** `restore.counts` formatted directly (an ICU plural: about 20 us a call, so not per email). */
export function formatRestoreCounts(locale: RenderLocale, restored: number, total: number): string {
  return translator(locale, "emails")("restore.counts", { restored: formattersFor(locale).integer(restored), total });
}

/**
 * The same text from a template: the message formatted once per language and plural category
 * (CLDR: one, few, many, ...) with a representative total, whose digits become the slot for
 * the real one. Exact: the message's plural depends on the category only (no `=n` cases); a
 * unit test compares both for every language over many totals. Falls back to formatting when
 * the representative's digits cannot be told apart.
 */
type CountTemplate = ((restored: string, total: string) => string) | null;
const countTemplates = new Map<string, CountTemplate>();
const pluralRules = new Map<RenderLocale, Intl.PluralRules>();
const restoredMarker = "\u0001";

function countTemplate(locale: RenderLocale, category: Intl.LDMLPluralRule, rules: Intl.PluralRules): CountTemplate {
  const key = `${locale}:${category}`;
  if (countTemplates.has(key)) return countTemplates.get(key)!;
  let template: CountTemplate = null;
  const sample = [...Array(1200).keys()].reverse().find((n) => rules.select(n) === category);
  if (sample !== undefined) {
    const text = translator(locale, "emails")("restore.counts", { restored: restoredMarker, total: sample });
    const digits = formattersFor(locale).integer(sample);
    const parts = text.split(digits);
    const restoredParts = text.split(restoredMarker).length;
    if (parts.length <= 2 && restoredParts === 2) {
      const [before, after] = parts as [string, string | undefined];
      template =
        after === undefined
          ? (restored) => before.replace(restoredMarker, restored)
          : (restored, total) => `${before.replace(restoredMarker, restored)}${total}${after.replace(restoredMarker, restored)}`;
    }
  }
  countTemplates.set(key, template);
  return template;
}

export function restoreCountText(c: { state: string; itemsRestored: number | null; itemsTotal: number | null }, locale: RenderLocale = "en"): string {
  if (c.itemsTotal == null || c.itemsTotal === 0 || c.state === "unrecoverable") return "";
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  const template = countTemplate(locale, rules.select(c.itemsTotal), rules);
  const f = formattersFor(locale);
  return template ? template(f.integer(c.itemsRestored ?? 0), f.integer(c.itemsTotal)) : formatRestoreCounts(locale, c.itemsRestored ?? 0, c.itemsTotal);
}

export function restoreSubject(p: Pick<RestoreEmailProps, "complete">, locale: RenderLocale = "en"): string {
  const key = `${locale}:${p.complete}`;
  let subject = subjects.get(key);
  if (subject === undefined) {
    const t = translator(locale, "emails");
    subject = p.complete ? t("restore.subjectComplete") : t("restore.subjectProgress");
    subjects.set(key, subject);
  }
  return subject;
}

export function RestoreEmail(p: RestoreEmailProps) {
  const t = translator(p.locale, "emails");
  const preview = p.complete ? t("restore.previewComplete") : p.categories.map((c) => `${c.label}: ${c.stateLabel}`).join(", ");
  return (
    <EmailLayout
      locale={p.locale}
      title={restoreSubject(p, p.locale)}
      preview={preview}
      footer={
        <>
          {t("restore.footer", { incident: p.incidentTitle })}
          {p.unsubscribeUrl ? (
            <>
              {" "}
              {t.rich("restore.footerUnsubscribe", {
                link: (chunks) => (
                  <EmailLink tone="footer" href={p.unsubscribeUrl!}>
                    {chunks}
                  </EmailLink>
                ),
              })}
            </>
          ) : null}
        </>
      }
    >
      <Heading as="h1" style={headingStyle}>
        {p.complete ? t("restore.subjectComplete") : t("restore.headingProgress")}
      </Heading>
      <Text style={textStyle}>{t("restore.hello", { name: p.name })}</Text>
      <Text style={textStyle}>{p.complete ? t("restore.introComplete") : t("restore.introProgress")}</Text>
      {p.categories.map((c) => (
        <Text key={c.label} style={{ ...textStyle, margin: "4px 0 4px 12px" }}>
          • {c.label}: {c.stateLabel}
          {c.counts}
        </Text>
      ))}
      {p.remedies?.length ? (
        <>
          <Text style={textStyle}>{t("restore.remediesIntro")}</Text>
          {p.remedies.map((r, i) => (
            <Text key={i} style={{ ...textStyle, margin: "4px 0 4px 12px" }}>
              • {r.name}: {r.offer}
            </Text>
          ))}
          <Text style={textStyle}>{t("restore.remediesAccept")}</Text>
        </>
      ) : null}
      <Text style={textStyle}>{t("restore.seeAll")}</Text>
      <Button href={p.accountUrl} style={buttonStyle}>
        {t("restore.button")}
      </Button>
      <Text style={{ ...textStyle, fontSize: "13px" }}>{t("personal")}</Text>
    </EmailLayout>
  );
}

/**
 * What a restore email says, read by lib/mail/kinds/restore.ts when it is sent. Extensible:
 * a kind may add fields (an announcement) as long as the render key below names what changes
 * the email's structure.
 */
export interface RestoreEmailData {
  /** The language it is written in: the account's, else the incident's default (lib/mail/email-locale.ts). */
  locale: RenderLocale;
  displayName: string;
  complete: boolean;
  /** In `locale` when the incident is translated into it, else in its default language. */
  incidentTitle: string;
  /** /account/<token>: a credential, never kept (lib/mail/redact.ts). */
  accountUrl: string;
  unsubscribeUrl: string | null;
  categories: { label: string; state: RestoreState; itemsRestored: number | null; itemsTotal: number | null }[];
  /** Optional: remedies announced in this email (name and offer as staff wrote them). */
  remedies?: { name: string; offer: string }[];
}

export async function renderRestoreEmail(data: RestoreEmailData): Promise<RenderedEmail> {
  const { locale, complete, incidentTitle, categories, unsubscribeUrl } = data;
  // One rendering per shape (language, number of categories, complete or not); labels, states,
  // name, counts and links are filled in per recipient, so a batch of accounts whose
  // histories differ still renders a handful of times.
  const remedies = data.remedies ?? [];
  const shape = JSON.stringify(["restore", locale, incidentTitle, complete, Boolean(unsubscribeUrl), categories.length, remedies.length]);
  const states = restoreStateText(locale);
  const values: Record<string, string> = { name: data.displayName, url: data.accountUrl, unsub: unsubscribeUrl ?? "" };
  categories.forEach((c, i) => {
    values[`l${i}`] = c.label;
    values[`s${i}`] = states[c.state];
    values[`c${i}`] = restoreCountText(c, locale);
  });
  remedies.forEach((r, i) => {
    values[`rn${i}`] = r.name;
    values[`ro${i}`] = r.offer;
  });
  const rendered = await renderTemplate(
    shape,
    (slot) => (
      <RestoreEmail
        locale={locale}
        name={slot("name")}
        incidentTitle={incidentTitle}
        categories={categories.map((_c, i) => ({ label: slot(`l${i}`), stateLabel: slot(`s${i}`), counts: slot(`c${i}`) }))}
        complete={complete}
        accountUrl={slot("url")}
        unsubscribeUrl={unsubscribeUrl ? slot("unsub") : null}
        remedies={remedies.map((_r, i) => ({ name: slot(`rn${i}`), offer: slot(`ro${i}`) }))}
      />
    ),
    values,
  );
  return { subject: restoreSubject({ complete }, locale), ...rendered, unsubscribeUrl, secrets: [data.accountUrl], locale };
}
