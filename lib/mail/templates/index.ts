import type { EmailKind } from "../../generated/prisma/enums";
import { renderIncidentUpdateEmail } from "./incident-update";
import { renderLetterEmail } from "./letter";
import { prefetchRestoreEmails, renderRestoreEmail } from "./restore";
import type { EmailPrefetcher, EmailRenderer } from "./types";

export type { EmailPrefetcher, EmailRenderer, RenderedEmail } from "./types";
export { RenderError } from "./types";

/**
 * EmailKind -> renderer. The worker parks a message whose kind has no renderer, with a
 * last_error saying so (nothing is silently dropped).
 */
export const emailRenderers: Partial<Record<EmailKind, EmailRenderer>> = {
  restore: renderRestoreEmail,
  incident_update: renderIncidentUpdateEmail,
  letter: renderLetterEmail,
  // MERGE (subscribers area): lookup_link and subscription_confirm render from the payload
  // in lib/subscribers/emails/<kind>.ts, returning { subject, html, text }. Wire them as
  //   lookup_link: (row) => renderLookupLinkEmail(row.payload),
  //   subscription_confirm: (row) => renderSubscriptionConfirmEmail(row.payload),
  // MERGE (staff area): staff_invite: (row) => renderStaffInviteEmail(row.payload),
};

export function rendererFor(kind: EmailKind): EmailRenderer | undefined {
  return emailRenderers[kind];
}

/** Optional per-kind batch loaders the worker calls once per claimed batch (set-based reads). */
export const emailPrefetchers: Partial<Record<EmailKind, EmailPrefetcher>> = {
  restore: prefetchRestoreEmails,
};
