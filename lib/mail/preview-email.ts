import { createElement } from "react";
import type { EmailKind } from "../generated/prisma/enums";
import { IncidentUpdateEmail, incidentUpdateSubject } from "./templates/incident-update";
import { renderEmail } from "./templates/layout";
import { applyMergeFields, LetterEmail } from "./templates/letter";
import { renderMarkdown } from "../markdown";
import { renderStaffInviteEmail } from "../staff/emails/staff-invite";
import { renderLookupLinkEmail } from "../subscribers/emails/lookup_link";
import { renderSubscriptionConfirmEmail } from "../subscribers/emails/subscription_confirm";
import { RestoreEmail, restoreStateText, restoreSubject } from "./templates/restore";

/**
 * Template previews for the staff console, with sample data (no database): at least one
 * for every kind in the registry (lib/mail/templates/index.ts). The unit snapshots and
 * the browser test (test/e2e/mail-templates.spec.ts) render these same samples.
 */
export const previewKinds = ["restore", "restore-complete", "incident_update", "letter", "lookup_link", "subscription_confirm", "staff_invite"] as const;
export type PreviewKind = (typeof previewKinds)[number];

/** Every link in a preview points here. */
export const previewBaseUrl = "https://status.example.com";

/** Payloads of the kinds rendered from their payload alone, as their areas queue them. */
export const previewPayloads = {
  lookup_link: { token: "sample-token-0123456789abcdef", accountRef: "SK-0000001", expiresAt: "2026-12-10T00:00:00.000Z" },
  subscription_confirm: { token: "sample-token-0123456789abcdef", incidentSlug: "cloud-sync-outage", incidentTitle: "Cloud sync outage" },
  staff_invite: { name: "Ada", role: "support", inviteUrl: `${previewBaseUrl}/admin/invite/sample-token`, invitedBy: "admin@example.com", expiresInDays: 7 },
} as const;

export async function previewEmail(kind: PreviewKind): Promise<{ kind: EmailKind; subject: string; html: string; text: string }> {
  const url = previewBaseUrl;
  if (kind === "lookup_link") return { kind, ...renderLookupLinkEmail(previewPayloads.lookup_link, { baseUrl: url }) };
  if (kind === "subscription_confirm") return { kind, ...renderSubscriptionConfirmEmail(previewPayloads.subscription_confirm, { baseUrl: url }) };
  if (kind === "staff_invite") return { kind, ...renderStaffInviteEmail(previewPayloads.staff_invite) };
  if (kind === "restore" || kind === "restore-complete") {
    const complete = kind === "restore-complete";
    const props = {
      name: "Alex Example",
      incidentTitle: "Cloud sync outage",
      complete,
      accountUrl: `${url}/account/sample-token`,
      unsubscribeUrl: `${url}/unsubscribe/sample-token`,
      categories: [
        { label: "Contacts", stateLabel: restoreStateText.restored, counts: " (300 of 300 items)" },
        { label: "Photos", stateLabel: restoreStateText.partial, counts: " (64 of 300 items)" },
        ...(complete ? [{ label: "Notes", stateLabel: restoreStateText.unrecoverable, counts: "" }] : []),
      ],
    };
    return { kind: "restore", subject: restoreSubject(props), ...(await renderEmail(createElement(RestoreEmail, props))) };
  }
  if (kind === "incident_update") {
    const props = {
      incidentTitle: "Cloud sync outage",
      status: "recovering",
      bodyHtml: renderMarkdown("Contacts are back for **92%** of accounts. Calendars follow tomorrow."),
      publishedAt: new Date("2026-11-26T10:00:00Z"),
      incidentUrl: `${url}/incidents/cloud-sync-outage`,
      unsubscribeUrl: `${url}/unsubscribe/sample-token`,
    };
    return { kind: "incident_update", subject: incidentUpdateSubject(props), ...(await renderEmail(createElement(IncidentUpdateEmail, props))) };
  }
  const body = applyMergeFields("Dear {{name}},\n\nWe lost your {{categories}}. We are sorry.", { name: "Alex Example", categories: "contacts, photos" });
  const props = {
    title: "We are sorry",
    bodyHtml: renderMarkdown(body),
    signatoryName: "A. Person",
    signatoryTitle: "Chief Executive",
    letterUrl: `${url}/letters/we-are-sorry`,
    unsubscribeUrl: `${url}/unsubscribe/sample-token`,
  };
  return { kind: "letter", subject: props.title, ...(await renderEmail(createElement(LetterEmail, props))) };
}

/**
 * Renders one template before Next starts in the same process (scripts/start.ts). Next's
 * server installs its own copy of React for what it loads afterwards; react-email's
 * renderer, loaded lazily on the first render, would then pair our React elements with
 * Next's react-dom ("dispatcher.getOwner is not a function"). Loading it first keeps the
 * worker on one React.
 */
export async function warmUpMailTemplates(): Promise<void> {
  await previewEmail("restore");
}
