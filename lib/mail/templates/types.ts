/** What a template gives the worker: one email, HTML and text from one element. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** One-click unsubscribe target (List-Unsubscribe + List-Unsubscribe-Post). */
  unsubscribeUrl?: string | null;
  /** The language it was rendered in (recorded as email_outbox.language: proof of notice). */
  locale?: string;
  /** Links that carry a credential: delivered, never kept (redacted in captured_email, lib/mail/redact.ts). */
  secrets?: string[];
}
