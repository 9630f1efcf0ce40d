import { createElement } from "react";
import type { EmailKind } from "../generated/prisma/enums";
import { IncidentUpdateEmail, incidentUpdateSubject } from "./templates/incident-update";
import { renderEmail } from "./templates/layout";
import { applyMergeFields, LetterEmail } from "./templates/letter";
import { renderMarkdown } from "../markdown";
import { RestoreEmail, restoreStateText, restoreSubject } from "./templates/restore";

/** Template previews for the staff console, with sample data (no database). */
export const previewKinds = ["restore", "restore-complete", "incident_update", "letter"] as const;
export type PreviewKind = (typeof previewKinds)[number];

export async function previewEmail(kind: PreviewKind): Promise<{ kind: EmailKind; subject: string; html: string; text: string }> {
  const url = "https://status.example.com";
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
