import type { EmailKind } from "../../generated/prisma/enums";

/**
 * Proof of notice: what each email kind's template says is versioned here, and every
 * sent message records the version and language it went out with (email_outbox.
 * template_version, .language). Bump a kind's number whenever its wording or what it
 * reports changes, so "what did we tell this customer?" can be answered from the code
 * history. Every template is written in one language so far: `mailLanguage`, also the
 * layout's <html lang>.
 */
export const mailLanguage = "en";

export const templateVersions: Record<EmailKind, string> = {
  restore: "restore/1",
  incident_update: "incident_update/1",
  letter: "letter/1",
  lookup_link: "lookup_link/1",
  subscription_confirm: "subscription_confirm/1",
  staff_invite: "staff_invite/1",
  case_reply: "case_reply/1",
};
