import type { EmailKind } from "../generated/prisma/enums";
import { defaultLocale, type RenderLocale } from "../i18n/locales";
import { accent } from "../i18n/pseudo";
import { renderMarkdown } from "../markdown";
import { renderCaseReplyEmail } from "./templates/case-reply";
import { renderIncidentUpdateEmail } from "./templates/incident-update";
import { renderLetterEmail } from "./templates/letter";
import { renderLookupLinkEmail } from "./templates/lookup-link";
import { renderRestoreEmail } from "./templates/restore";
import { renderStaffInviteEmail } from "./templates/staff-invite";
import { renderSubscriptionConfirmEmail } from "./templates/subscription-confirm";

/**
 * Template previews for the staff console, with sample data (no database): at least one
 * for every kind in the registry (lib/mail/kinds/index.ts), through the same render
 * functions the worker uses. Their links carry sample tokens, never working ones. The
 * unit snapshots and the browser test (test/e2e/mail-templates.spec.ts) render these, in
 * every language. The sample content (names, titles, bodies: what staff and customers write)
 * is English, accented in the pseudo-locale so that any English left in an en-XA preview is
 * the template's own, hard-coded.
 */
export const previewKinds = ["restore", "restore-complete", "incident_update", "letter", "lookup_link", "subscription_confirm", "staff_invite", "case_reply"] as const;
export type PreviewKind = (typeof previewKinds)[number];

/** Every link in a preview points here. */
export const previewBaseUrl = "https://status.example.com";
const url = previewBaseUrl;

export async function previewEmail(kind: PreviewKind, locale: RenderLocale = defaultLocale): Promise<{ kind: EmailKind; subject: string; html: string; text: string }> {
  const c = (text: string) => (locale === "en-XA" ? accent(text) : text);
  if (kind === "lookup_link") {
    return {
      kind,
      ...(await renderLookupLinkEmail({ locale, accountRef: c("SK-0000001"), url: `${url}/account/sample-token`, expiresAt: new Date("2026-12-10T00:00:00.000Z") })),
    };
  }
  if (kind === "subscription_confirm") {
    return {
      kind,
      ...(await renderSubscriptionConfirmEmail({ locale, incidentTitle: c("Cloud sync outage"), url: `${url}/subscribe/confirm/sample-token?incident=cloud-sync-outage` })),
    };
  }
  if (kind === "staff_invite") {
    return {
      kind,
      ...(await renderStaffInviteEmail({ name: "Ada", role: "support", invitedBy: "admin@example.com", expiresInDays: 7, url: `${url}/admin/invite/sample-token` })),
    };
  }
  if (kind === "case_reply") {
    return {
      kind,
      ...(await renderCaseReplyEmail({
        locale,
        displayName: c("Alex Example"),
        caseNumber: c("C-000042"),
        categoryLabel: c("Photos"),
        incidentTitle: c("Cloud sync outage"),
        body: c("Thank you for telling us. We found 236 more of your photos and are restoring them now.\nYou will get an email when they are back."),
        accountUrl: `${url}/account/sample-token#cases`,
      })),
    };
  }
  if (kind === "restore" || kind === "restore-complete") {
    const complete = kind === "restore-complete";
    return {
      kind: "restore",
      ...(await renderRestoreEmail({
        locale,
        displayName: c("Alex Example"),
        incidentTitle: c("Cloud sync outage"),
        complete,
        accountUrl: `${url}/account/sample-token`,
        unsubscribeUrl: `${url}/unsubscribe/sample-token`,
        categories: [
          { label: c("Contacts"), state: "restored", itemsRestored: 1300, itemsTotal: 1300 },
          { label: c("Photos"), state: "partial", itemsRestored: 64, itemsTotal: 300 },
          ...(complete ? [{ label: c("Notes"), state: "unrecoverable" as const, itemsRestored: 0, itemsTotal: 120 }] : []),
        ],
      })),
    };
  }
  if (kind === "incident_update") {
    return {
      kind: "incident_update",
      ...(await renderIncidentUpdateEmail({
        locale,
        updateId: "preview",
        incidentTitle: c("Cloud sync outage"),
        status: "recovering",
        bodyHtml: renderMarkdown(c("Contacts are back for **92%** of accounts. Calendars follow tomorrow.")),
        // The sample body is English: in every other language it shows the "not translated" note.
        fallback: locale !== defaultLocale && locale !== "en-XA",
        publishedAt: new Date("2026-11-26T10:00:00Z"),
        incidentUrl: `${url}/incidents/cloud-sync-outage`,
        unsubscribeUrl: `${url}/unsubscribe/sample-token`,
      })),
    };
  }
  return {
    kind: "letter",
    ...(await renderLetterEmail({
      locale,
      fallback: locale !== defaultLocale && locale !== "en-XA",
      letterId: "preview",
      revision: 1,
      title: c("We are sorry"),
      body: `${c("Dear")} {{name}},\n\n${c("We lost your")} {{categories}}. ${c("We are sorry.")}`,
      signatoryName: c("A. Person"),
      signatoryTitle: c("Chief Executive"),
      correctionNote: null,
      letterUrl: `${url}/letters/we-are-sorry`,
      name: c("Alex Example"),
      categories: c("contacts, photos"),
      unsubscribeUrl: `${url}/unsubscribe/sample-token`,
    })),
  };
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
