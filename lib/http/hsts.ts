/**
 * HSTS is sent when the portal's own address (PUBLIC_URL) is https, on every response,
 * and never because a request says it came over https (X-Forwarded-Proto is a header
 * anyone can send; a plain-http install must not pin itself to https by accident).
 * scripts/start.ts sets it; next.config.ts has no HSTS rule.
 */
export const hstsValue = "max-age=63072000; includeSubDomains";

export function hstsHeader(publicUrl: string): string | null {
  return publicUrl.startsWith("https://") ? hstsValue : null;
}
