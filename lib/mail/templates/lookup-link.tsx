import { Button, Heading, Text } from "@react-email/components";
import type { RenderLocale } from "../../i18n/locales";
import { formattersFor, translator } from "../../i18n/translator";
import { buttonStyle, EmailLayout, headingStyle, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

/** The private status link for one account (outbox kind lookup_link); the link is issued when the email is sent. */
export interface LookupLinkEmailProps {
  /** The account's language. */
  locale: RenderLocale;
  accountRef: string;
  /** /account/<token>: a credential, never kept (lib/mail/redact.ts). */
  url: string;
  expiresAt: Date;
}

export function lookupLinkSubject(locale: RenderLocale = "en"): string {
  return translator(locale, "emails")("lookup.subject");
}

export function LookupLinkEmail(p: LookupLinkEmailProps & { expires: string }) {
  const t = translator(p.locale, "emails");
  return (
    <EmailLayout locale={p.locale} title={lookupLinkSubject(p.locale)} preview={t("lookup.preview")} footer={t("lookup.footer")}>
      <Heading as="h1" style={headingStyle}>
        {t("lookup.heading")}
      </Heading>
      <Text style={textStyle}>{t("lookup.asked", { ref: p.accountRef })}</Text>
      <Text style={textStyle}>{t("lookup.private")}</Text>
      <Text style={textStyle}>{t("lookup.expires", { expires: p.expires })}</Text>
      <Button href={p.url} style={buttonStyle}>
        {t("lookup.button")}
      </Button>
    </EmailLayout>
  );
}

export async function renderLookupLinkEmail(p: LookupLinkEmailProps): Promise<RenderedEmail> {
  const rendered = await renderTemplate(
    JSON.stringify(["lookup_link", p.locale]),
    (slot) => <LookupLinkEmail locale={p.locale} accountRef={slot("ref")} url={slot("url")} expires={slot("expires")} expiresAt={p.expiresAt} />,
    { ref: p.accountRef, url: p.url, expires: formattersFor(p.locale).dateTime(p.expiresAt) },
  );
  return { subject: lookupLinkSubject(p.locale), ...rendered, secrets: [p.url], locale: p.locale };
}
