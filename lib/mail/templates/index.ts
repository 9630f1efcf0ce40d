import { z } from "zod";
import { publicUrl } from "../../env";
import type { EmailKind } from "../../generated/prisma/enums";
import { renderStaffInviteEmail } from "../../staff/emails/staff-invite";
import { renderLookupLinkEmail } from "../../subscribers/emails/lookup_link";
import { renderSubscriptionConfirmEmail } from "../../subscribers/emails/subscription_confirm";
import { renderIncidentUpdateEmail } from "./incident-update";
import { renderLetterEmail } from "./letter";
import { prefetchRestoreEmails, renderRestoreEmail } from "./restore";
import { RenderError, type EmailPrefetcher, type EmailRenderer, type RenderedEmail } from "./types";

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
  // Rendered from the payload alone by the areas that queue them.
  lookup_link: fromPayload((payload) => renderLookupLinkEmail(payload, { baseUrl: publicUrl() })),
  subscription_confirm: fromPayload((payload) => renderSubscriptionConfirmEmail(payload, { baseUrl: publicUrl() })),
  staff_invite: fromPayload(renderStaffInviteEmail),
};

/** A payload that does not parse can never be sent: park it with the reason. */
function fromPayload(render: (payload: unknown) => RenderedEmail): EmailRenderer {
  return async (row) => {
    try {
      return render(row.payload);
    } catch (error) {
      if (error instanceof z.ZodError) throw new RenderError(`Malformed ${row.kind} payload: ${error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      throw error;
    }
  };
}

export function rendererFor(kind: EmailKind): EmailRenderer | undefined {
  return emailRenderers[kind];
}

/** Optional per-kind batch loaders the worker calls once per claimed batch (set-based reads). */
export const emailPrefetchers: Partial<Record<EmailKind, EmailPrefetcher>> = {
  restore: prefetchRestoreEmails,
};
