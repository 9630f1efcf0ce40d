import { Button, Heading, Text } from "@react-email/components";
import type { RenderLocale } from "../../i18n/locales";
import { translator } from "../../i18n/translator";
import { buttonStyle, EmailLayout, headingStyle, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

/**
 * Support's reply to a customer's "something is missing" report (outbox kind case_reply,
 * queued by lib/cases/reply-to-case.ts), in the account's language. The reply is plain text
 * as staff typed it, shown escaped; the private link (to read it, and answer, on the account
 * page) is issued when the email is sent.
 */
export interface CaseReplyEmailData {
  locale: RenderLocale;
  displayName: string;
  caseNumber: string;
  categoryLabel: string;
  incidentTitle: string;
  body: string;
  /** /account/<token>#cases: a credential, never kept (lib/mail/redact.ts). */
  accountUrl: string;
}

export function caseReplySubject(categoryLabel: string, locale: RenderLocale = "en"): string {
  return translator(locale, "emails")("caseReply.subject", { category: categoryLabel.toLowerCase() });
}

export function CaseReplyEmail(p: Omit<CaseReplyEmailData, "incidentTitle"> & { incidentTitle: string; subject: string }) {
  const t = translator(p.locale, "emails");
  return (
    <EmailLayout locale={p.locale} title={p.subject} preview={t("caseReply.preview", { case: p.caseNumber })} footer={t("caseReply.footer", { incident: p.incidentTitle })}>
      <Heading as="h1" style={headingStyle}>
        {t("caseReply.heading")}
      </Heading>
      <Text style={textStyle}>{t("caseReply.hello", { name: p.displayName })}</Text>
      <Text style={textStyle}>{t("caseReply.answered", { case: p.caseNumber, category: p.categoryLabel })}</Text>
      <Text style={{ ...textStyle, borderLeft: "3px solid #e3e5e8", paddingLeft: "12px", whiteSpace: "pre-wrap" }}>{p.body}</Text>
      <Text style={textStyle}>{t("caseReply.readHere")}</Text>
      <Button href={p.accountUrl} style={buttonStyle}>
        {t("caseReply.button")}
      </Button>
      <Text style={{ ...textStyle, fontSize: "13px" }}>{t("personal")}</Text>
    </EmailLayout>
  );
}

export async function renderCaseReplyEmail(data: CaseReplyEmailData): Promise<RenderedEmail> {
  const subject = caseReplySubject(data.categoryLabel, data.locale);
  const rendered = await renderTemplate(
    JSON.stringify(["case_reply", data.locale, data.incidentTitle]),
    (slot) => (
      <CaseReplyEmail
        locale={data.locale}
        displayName={slot("name")}
        caseNumber={slot("case")}
        categoryLabel={slot("category")}
        incidentTitle={data.incidentTitle}
        body={slot("body")}
        accountUrl={slot("url")}
        subject={subject}
      />
    ),
    { name: data.displayName, case: data.caseNumber, category: data.categoryLabel.toLowerCase(), body: data.body, url: data.accountUrl },
  );
  return { subject, ...rendered, secrets: [data.accountUrl], locale: data.locale };
}
