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
}

export type RestoreState = "restored" | "partial" | "unrecoverable";

export function restoreStateText(locale: RenderLocale): Record<RestoreState, string> {
  const t = translator(locale, "emails");
  return { restored: t("restore.stateRestored"), partial: t("restore.statePartial"), unrecoverable: t("restore.stateUnrecoverable") };
}

export function restoreCountText(c: { state: string; itemsRestored: number | null; itemsTotal: number | null }, locale: RenderLocale = "en"): string {
  if (c.itemsTotal == null || c.itemsTotal === 0 || c.state === "unrecoverable") return "";
  return translator(locale, "emails")("restore.counts", { restored: formattersFor(locale).integer(c.itemsRestored ?? 0), total: c.itemsTotal });
}

export function restoreSubject(p: Pick<RestoreEmailProps, "complete">, locale: RenderLocale = "en"): string {
  const t = translator(locale, "emails");
  return p.complete ? t("restore.subjectComplete") : t("restore.subjectProgress");
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
}

export async function renderRestoreEmail(data: RestoreEmailData): Promise<RenderedEmail> {
  const { locale, complete, incidentTitle, categories, unsubscribeUrl } = data;
  // One rendering per shape (language, number of categories, complete or not); labels, states,
  // name, counts and links are filled in per recipient, so a batch of accounts whose
  // histories differ still renders a handful of times.
  const shape = JSON.stringify(["restore", locale, incidentTitle, complete, Boolean(unsubscribeUrl), categories.length]);
  const states = restoreStateText(locale);
  const values: Record<string, string> = { name: data.displayName, url: data.accountUrl, unsub: unsubscribeUrl ?? "" };
  categories.forEach((c, i) => {
    values[`l${i}`] = c.label;
    values[`s${i}`] = states[c.state];
    values[`c${i}`] = restoreCountText(c, locale);
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
      />
    ),
    values,
  );
  return { subject: restoreSubject({ complete }, locale), ...rendered, unsubscribeUrl, secrets: [data.accountUrl], locale };
}
