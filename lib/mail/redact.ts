/**
 * Token links are credentials: they go to the recipient and nowhere else. The captured
 * store (captured_email, shown in /admin/mail) keeps a redacted copy: every link the
 * template declared secret, and, as a second line, anything shaped like one of the
 * portal's token routes (private account page, subscription confirm, staff invite,
 * one-click unsubscribe). The outbox payload never holds a raw token (each kind issues
 * its link when the message is sent, lib/mail/kinds/); the marks also strip the keys
 * older payloads used, once a message is sent or parked.
 */
export const redactedLink = "[link removed: only the recipient gets it]";

/** SET fragment for the sent and parked marks. */
export const secretPayloadKeysSql = `"payload" = "payload" - 'token' - 'inviteUrl'`;

const tokenRoute = /\/(account|subscribe\/confirm|admin\/invite|unsubscribe)\/[^\s"'<>)\]]+/g;
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    out = out.split(secret).join(redactedLink);
    const escaped = escapeHtml(secret);
    if (escaped !== secret) out = out.split(escaped).join(redactedLink);
  }
  return out.replace(tokenRoute, (_m, route: string) => `/${route}/${redactedLink}`);
}

export function redactHeaders(headers: Record<string, string>, secrets: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, redactSecrets(v, secrets)]));
}
