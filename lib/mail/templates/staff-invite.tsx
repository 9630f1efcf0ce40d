import { Button, Heading, Text } from "@react-email/components";
import { buttonStyle, EmailLayout, headingStyle, renderTemplate, textStyle } from "./layout";
import type { RenderedEmail } from "./types";

/** The invitation to the staff console (outbox kind staff_invite). */
export interface StaffInviteEmailProps {
  name: string;
  role: string;
  invitedBy?: string | null;
  expiresInDays: number;
  /** /admin/invite/<token>: a credential, never kept (lib/mail/redact.ts). */
  url: string;
}

export const staffInviteSubject = "Your invitation to the Recovery Portal staff console";

export function StaffInviteEmail(p: { name: string; who: string; role: string; days: string; url: string }) {
  return (
    <EmailLayout
      locale="en"
      title={staffInviteSubject}
      preview="Choose your password for the Recovery Portal staff console"
      footer="If you did not expect this invitation, ignore this email: nothing happens until the link is used."
    >
      <Heading as="h1" style={headingStyle}>
        Join the staff console
      </Heading>
      <Text style={textStyle}>Hello {p.name},</Text>
      <Text style={textStyle}>
        {p.who} to the Recovery Portal staff console as {p.role}.
      </Text>
      <Text style={textStyle}>Open the link below to choose your password. It works once, within {p.days} days.</Text>
      <Button href={p.url} style={buttonStyle}>
        Choose your password
      </Button>
    </EmailLayout>
  );
}

export async function renderStaffInviteEmail(p: StaffInviteEmailProps): Promise<RenderedEmail> {
  const rendered = await renderTemplate(
    "staff_invite",
    (slot) => <StaffInviteEmail name={slot("name")} who={slot("who")} role={slot("role")} days={slot("days")} url={slot("url")} />,
    {
      name: p.name,
      who: p.invitedBy ? `${p.invitedBy} has invited you` : "You have been invited",
      role: p.role,
      days: String(p.expiresInDays),
      url: p.url,
    },
  );
  return { subject: staffInviteSubject, ...rendered, secrets: [p.url] };
}
