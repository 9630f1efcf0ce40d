import { Button, Heading, Text } from "@react-email/components";
import { formatDateTime } from "../../format";
import { buttonStyle, EmailLayout, headingStyle, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

/** The private status link for one account (outbox kind lookup_link); the link is issued when the email is sent. */
export interface LookupLinkEmailProps {
  accountRef: string;
  /** /account/<token>: a credential, never kept (lib/mail/redact.ts). */
  url: string;
  expiresAt: Date;
}

export const lookupLinkSubject = "Your private link: what has come back to your account";

export function LookupLinkEmail(p: LookupLinkEmailProps & { expires: string }) {
  return (
    <EmailLayout
      title={lookupLinkSubject}
      preview="Your private link to the recovery status of your account"
      footer="If you did not ask for this, you can ignore this email: nothing changes until the link is opened, and opening it changes nothing."
    >
      <Heading as="h1" style={headingStyle}>
        Your recovery status
      </Heading>
      <Text style={textStyle}>Someone (we hope you) asked for the recovery status of account {p.accountRef}.</Text>
      <Text style={textStyle}>
        The link below shows, for each kind of data, what has been restored so far and what happens next. It is private to you: do not forward it.
      </Text>
      <Text style={textStyle}>The link works until {p.expires}. You can ask for a new one at any time on the lookup page.</Text>
      <Button href={p.url} style={buttonStyle}>
        See what has come back
      </Button>
    </EmailLayout>
  );
}

export async function renderLookupLinkEmail(p: LookupLinkEmailProps): Promise<RenderedEmail> {
  const rendered = await renderTemplate(
    "lookup_link",
    (slot) => <LookupLinkEmail accountRef={slot("ref")} url={slot("url")} expires={slot("expires")} expiresAt={p.expiresAt} />,
    { ref: p.accountRef, url: p.url, expires: formatDateTime(p.expiresAt) },
  );
  return { subject: lookupLinkSubject, ...rendered, secrets: [p.url] };
}
