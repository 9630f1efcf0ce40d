import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, headingStyle, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

/**
 * Support's reply to a customer's "something is missing" report (outbox kind case_reply,
 * queued by lib/cases/reply-to-case.ts). The reply is plain text as staff typed it, shown
 * escaped; the private link (to read it, and answer, on the account page) is issued when
 * the email is sent.
 */
export interface CaseReplyEmailData {
  displayName: string;
  caseNumber: string;
  categoryLabel: string;
  incidentTitle: string;
  body: string;
  /** /account/<token>#cases: a credential, never kept (lib/mail/redact.ts). */
  accountUrl: string;
}

export function caseReplySubject(categoryLabel: string): string {
  return `Our reply to your report about ${categoryLabel.toLowerCase()}`;
}

export function CaseReplyEmail(p: Omit<CaseReplyEmailData, "incidentTitle"> & { incidentTitle: string; subject: string }) {
  return (
    <EmailLayout title={p.subject} preview={`A reply to your report ${p.caseNumber}`} footer={`You receive this email because you reported missing data after the ${p.incidentTitle}.`}>
      <Heading as="h1" style={headingStyle}>
        A reply to your report
      </Heading>
      <Text style={textStyle}>Hello {p.displayName},</Text>
      <Text style={textStyle}>
        Our support team has answered your report {p.caseNumber} about {p.categoryLabel}:
      </Text>
      <Text style={{ ...textStyle, borderLeft: "3px solid #e3e5e8", paddingLeft: "12px", whiteSpace: "pre-wrap" }}>{p.body}</Text>
      <Text style={textStyle}>You can read it, and answer, on your private page:</Text>
      <Button href={p.accountUrl} style={buttonStyle}>
        Read and answer
      </Button>
      <Text style={{ ...textStyle, fontSize: "13px" }}>This link is personal; do not forward this email.</Text>
    </EmailLayout>
  );
}

export async function renderCaseReplyEmail(data: CaseReplyEmailData): Promise<RenderedEmail> {
  const subject = caseReplySubject(data.categoryLabel);
  const rendered = await renderTemplate(
    JSON.stringify(["case_reply", data.incidentTitle]),
    (slot) => (
      <CaseReplyEmail
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
  return { subject, ...rendered, secrets: [data.accountUrl] };
}
