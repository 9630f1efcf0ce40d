import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, headingStyle, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

/** Double opt-in (outbox kind subscription_confirm): the only email an unconfirmed address ever receives. */
export interface SubscriptionConfirmEmailProps {
  /** Absent: every incident. */
  incidentTitle?: string | null;
  /** /subscribe/confirm/<token>: a credential, never kept (lib/mail/redact.ts). */
  url: string;
}

export const subscriptionConfirmSubject = "Confirm your subscription to recovery updates";

export function SubscriptionConfirmEmail(p: { what: string; url: string }) {
  return (
    <EmailLayout
      title={subscriptionConfirmSubject}
      preview="Confirm your subscription: nothing is sent until you do"
      footer="If you did not ask for this, ignore this email and you will not hear from us again."
    >
      <Heading as="h1" style={headingStyle}>
        Confirm your subscription
      </Heading>
      <Text style={textStyle}>Someone (we hope you) asked to receive {p.what} at this address.</Text>
      <Text style={textStyle}>Nothing will be sent until you confirm. Every update carries a one-click unsubscribe link.</Text>
      <Button href={p.url} style={buttonStyle}>
        Confirm subscription
      </Button>
    </EmailLayout>
  );
}

export async function renderSubscriptionConfirmEmail(p: SubscriptionConfirmEmailProps): Promise<RenderedEmail> {
  const what = p.incidentTitle ? `updates about "${p.incidentTitle}"` : "updates about every incident";
  const rendered = await renderTemplate("subscription_confirm", (slot) => <SubscriptionConfirmEmail what={slot("what")} url={slot("url")} />, {
    what,
    url: p.url,
  });
  return { subject: subscriptionConfirmSubject, ...rendered, secrets: [p.url] };
}
