import { z } from "zod";
import { issueInviteTokens } from "../../staff/invite-staff";
import { renderStaffInviteEmail } from "../templates/staff-invite";
import type { Draft, MailKind } from "./types";

/**
 * The invitation to the staff console (lib/staff/invite-staff.ts queues it). The link is
 * issued here, when the email is sent: a new invite token of its own for the invitee
 * (the link the admin was shown at creation is another), so a resend carries a fresh
 * link and the outbox never holds one. Older payloads carried `inviteUrl`: ignored.
 */
export const staffInvitePayloadSchema = z.object({
  name: z.string(),
  role: z.string(),
  invitedBy: z.string().optional(),
  expiresInDays: z.number().int().positive(),
});

export const staffInviteKind: MailKind = {
  async prepare(rows, db) {
    const drafts = new Map<number, Draft>();
    const ready: { id: number; email: string; payload: z.infer<typeof staffInvitePayloadSchema> }[] = [];
    for (const row of rows) {
      const payload = staffInvitePayloadSchema.safeParse(row.payload);
      if (!payload.success) {
        drafts.set(row.id, { park: `Malformed staff_invite payload: ${payload.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` });
      } else ready.push({ id: row.id, email: row.toAddress, payload: payload.data });
    }
    if (ready.length === 0) return drafts;
    const links = await issueInviteTokens(db.driver, ready.map((r) => r.email));
    for (const r of ready) {
      const url = links.get(r.email);
      if (!url) drafts.set(r.id, { park: "the invited staff member no longer exists or is disabled" });
      else drafts.set(r.id, { email: () => renderStaffInviteEmail({ ...r.payload, url }) });
    }
    return drafts;
  },
};
