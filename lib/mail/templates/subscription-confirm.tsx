import { Button, Heading, Text } from "@react-email/components";
import type { RenderLocale } from "../../i18n/locales";
import { translator } from "../../i18n/translator";
import { buttonStyle, EmailLayout, headingStyle, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

/** Double opt-in (outbox kind subscription_confirm): the only email an unconfirmed address ever receives. */
export interface SubscriptionConfirmEmailProps {
  /** The language they subscribed in. */
  locale: RenderLocale;
  /** Absent: every incident. */
  incidentTitle?: string | null;
  /** /subscribe/confirm/<token>: a credential, never kept (lib/mail/redact.ts). */
  url: string;
}

/** The subject as queued (the outbox row's subject before it is sent); the sent one is in the subscriber's language. */
export const subscriptionConfirmSubject = "Confirm your subscription to recovery updates";

export function SubscriptionConfirmEmail(p: { locale: RenderLocale; incident: string | null; url: string }) {
  const t = translator(p.locale, "emails");
  return (
    <EmailLayout locale={p.locale} title={t("confirm.subject")} preview={t("confirm.preview")} footer={t("confirm.footer")}>
      <Heading as="h1" style={headingStyle}>
        {t("confirm.heading")}
      </Heading>
      <Text style={textStyle}>{p.incident !== null ? t("confirm.askedIncident", { incident: p.incident }) : t("confirm.askedAll")}</Text>
      <Text style={textStyle}>{t("confirm.nothingUntil")}</Text>
      <Button href={p.url} style={buttonStyle}>
        {t("confirm.button")}
      </Button>
    </EmailLayout>
  );
}

export async function renderSubscriptionConfirmEmail(p: SubscriptionConfirmEmailProps): Promise<RenderedEmail> {
  const scoped = Boolean(p.incidentTitle);
  const rendered = await renderTemplate(
    JSON.stringify(["subscription_confirm", p.locale, scoped]),
    (slot) => <SubscriptionConfirmEmail locale={p.locale} incident={scoped ? slot("incident") : null} url={slot("url")} />,
    { incident: p.incidentTitle ?? "", url: p.url },
  );
  return { subject: translator(p.locale, "emails")("confirm.subject"), ...rendered, secrets: [p.url], locale: p.locale };
}
