import { Heading, Text } from "@react-email/components";
import type { RenderLocale } from "../../i18n/locales";
import { formattersFor, translator } from "../../i18n/translator";
import { EmailLayout, EmailLink, headingStyle, NotTranslatedNote, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

/** An incident update, sent to subscribers and affected accounts (queue-update-fanout.ts), in the recipient's language. */
export interface IncidentUpdateEmailProps {
  locale: RenderLocale;
  incidentTitle: string;
  status: string;
  bodyHtml: string;
  /** The body is not in `locale` yet (no translation): shown in the incident's default language, with a note. */
  fallback?: boolean;
  publishedAt: Date;
  incidentUrl: string;
  unsubscribeUrl?: string | null;
}

const statusKeys: Record<string, string> = {
  investigating: "update.statusInvestigating",
  identified: "update.statusIdentified",
  recovering: "update.statusRecovering",
  monitoring: "update.statusMonitoring",
  resolved: "update.statusResolved",
};

export function incidentStatusLabel(status: string, locale: RenderLocale = "en"): string {
  const key = statusKeys[status];
  return key ? translator(locale, "emails")(key) : status;
}

export function incidentUpdateSubject(p: Pick<IncidentUpdateEmailProps, "status" | "incidentTitle">, locale: RenderLocale = "en"): string {
  return translator(locale, "emails")("update.subject", { status: incidentStatusLabel(p.status, locale), incident: p.incidentTitle });
}

export function IncidentUpdateEmail(p: IncidentUpdateEmailProps) {
  const t = translator(p.locale, "emails");
  const subject = incidentUpdateSubject(p, p.locale);
  return (
    <EmailLayout
      locale={p.locale}
      title={subject}
      preview={subject}
      footer={
        <>
          {t("update.footer")}
          {p.unsubscribeUrl ? (
            <>
              {" "}
              <EmailLink tone="footer" href={p.unsubscribeUrl}>{t("unsubscribe")}</EmailLink>.
            </>
          ) : null}
        </>
      }
    >
      <Heading as="h1" style={headingStyle}>
        {p.incidentTitle}
      </Heading>
      <Text style={{ ...textStyle, fontWeight: 600 }}>{t("update.meta", { status: incidentStatusLabel(p.status, p.locale), time: formattersFor(p.locale).dateTime(p.publishedAt) })}</Text>
      {p.fallback ? <NotTranslatedNote locale={p.locale} /> : null}
      <div style={textStyle} dangerouslySetInnerHTML={{ __html: p.bodyHtml }} />
      <Text style={textStyle}>
        <EmailLink href={p.incidentUrl}>{t("update.readAll")}</EmailLink>
      </Text>
    </EmailLayout>
  );
}

/**
 * Every recipient of an update in one language gets the same email but for the unsubscribe
 * link: one rendering per update and language, the link filled in per recipient.
 */
export async function renderIncidentUpdateEmail(p: IncidentUpdateEmailProps & { updateId: string }): Promise<RenderedEmail> {
  const { unsubscribeUrl, updateId, ...props } = p;
  const rendered = await renderTemplate(
    JSON.stringify(["update", updateId, p.locale, Boolean(p.fallback), Boolean(unsubscribeUrl)]),
    (slot) => <IncidentUpdateEmail {...props} unsubscribeUrl={unsubscribeUrl ? slot("unsub") : null} />,
    { unsub: unsubscribeUrl ?? "" },
  );
  return { subject: incidentUpdateSubject(p, p.locale), ...rendered, unsubscribeUrl: unsubscribeUrl ?? null, locale: p.locale };
}
