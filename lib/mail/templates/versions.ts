import type { EmailKind } from "../../generated/prisma/enums";

/**
 * Proof of notice: what each email kind's template says is versioned here, and every
 * sent message records the version and language it went out with (email_outbox.
 * template_version, .language). Bump a kind's number whenever its wording or what it
 * reports changes, so "what did we tell this customer?" can be answered from the code
 * history. Each email records the language it was rendered in (RenderedEmail.locale: the
 * recipient's, lib/mail/email-locale.ts); `mailLanguage` is for a template that names none
 * (the staff invite, in English like the console).
 */
export const mailLanguage = "en";

export const templateVersions: Record<EmailKind, string> = {
  restore: "restore/2",
  incident_update: "incident_update/2",
  letter: "letter/2",
  lookup_link: "lookup_link/2",
  subscription_confirm: "subscription_confirm/2",
  staff_invite: "staff_invite/1",
  case_reply: "case_reply/2",
};
