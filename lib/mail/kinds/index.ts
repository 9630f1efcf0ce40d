import type { EmailKind } from "../../generated/prisma/enums";
import { caseReplyKind } from "./case-reply";
import { incidentUpdateKind } from "./incident-update";
import { letterKind } from "./letter";
import { lookupLinkKind } from "./lookup-link";
import { restoreKind } from "./restore";
import { staffInviteKind } from "./staff-invite";
import { subscriptionConfirmKind } from "./subscription-confirm";
import type { MailKind } from "./types";

export type { Draft, MailDb, MailKind } from "./types";

/**
 * EmailKind -> how it is prepared and rendered. Every kind the app queues is here (the
 * registry test checks it); the worker parks a message whose kind is missing, saying so.
 * Adding a kind: a template in lib/mail/templates/, a MailKind here, a preview sample in
 * lib/mail/preview-email.ts.
 */
export const mailKinds: Record<EmailKind, MailKind> = {
  restore: restoreKind,
  incident_update: incidentUpdateKind,
  letter: letterKind,
  lookup_link: lookupLinkKind,
  subscription_confirm: subscriptionConfirmKind,
  staff_invite: staffInviteKind,
  case_reply: caseReplyKind,
};
