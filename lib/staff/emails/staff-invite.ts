import { z } from "zod";
import { emailHtml, type RenderedEmail } from "../../subscribers/emails/escape-html";

/** The invitation to the staff console (outbox kind staff_invite), from lib/staff/invite-staff.ts's payload. */
export const staffInvitePayloadSchema = z.object({
  name: z.string(),
  role: z.string(),
  inviteUrl: z.url(),
  invitedBy: z.string().optional(),
  expiresInDays: z.number().int().positive(),
});

export function renderStaffInviteEmail(payload: unknown): RenderedEmail {
  const p = staffInvitePayloadSchema.parse(payload);
  const lines = [
    `Hello ${p.name},`,
    `${p.invitedBy ? `${p.invitedBy} has invited you` : "You have been invited"} to the Recovery Portal staff console as ${p.role}.`,
    `Open the link below to choose your password. It works once, within ${p.expiresInDays} days.`,
  ];
  const footer = "If you did not expect this invitation, ignore this email: nothing happens until the link is used.";
  return {
    subject: "Your invitation to the Recovery Portal staff console",
    html: emailHtml("Join the staff console", lines, { label: "Choose your password", url: p.inviteUrl }, footer),
    text: `Join the staff console\n\n${lines.join("\n\n")}\n\n${p.inviteUrl}\n\n${footer}\n`,
  };
}
