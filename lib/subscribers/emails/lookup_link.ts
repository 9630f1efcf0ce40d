import { z } from "zod";
import { formatDateTime } from "../../format";
import { emailHtml, type EmailContext, type RenderedEmail } from "./escape-html";

/**
 * The private status link for one account (outbox kind lookup_link). The payload holds
 * the raw token because this email is its only carrier; the database keeps its hash.
 */
export const lookupLinkPayloadSchema = z.object({
  token: z.string().min(20),
  accountRef: z.string(),
  /** ISO time the link stops working. */
  expiresAt: z.iso.datetime(),
});
export type LookupLinkPayload = z.infer<typeof lookupLinkPayloadSchema>;

export function lookupLinkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, "")}/account/${encodeURIComponent(token)}`;
}

export const lookupLinkSubject = "Your private link: what has come back to your account";

export function renderLookupLinkEmail(payload: unknown, context: EmailContext): RenderedEmail {
  const p = lookupLinkPayloadSchema.parse(payload);
  const url = lookupLinkUrl(context.baseUrl, p.token);
  const expires = formatDateTime(new Date(p.expiresAt));
  const lines = [
    `Someone (we hope you) asked for the recovery status of account ${p.accountRef}.`,
    "The link below shows, for each kind of data, what has been restored so far and what happens next. It is private to you: do not forward it.",
    `The link works until ${expires}. You can ask for a new one at any time on the lookup page.`,
  ];
  const footer = "If you did not ask for this, you can ignore this email: nothing changes until the link is opened, and opening it changes nothing.";
  return {
    subject: lookupLinkSubject,
    html: emailHtml("Your recovery status", lines, { label: "See what has come back", url }, footer),
    text: `Your recovery status\n\n${lines.join("\n\n")}\n\nOpen your private page:\n${url}\n\n${footer}\n`,
  };
}
