/**
 * Small answers the route handlers share. Every answer that carries or follows a token
 * link (the private account page, confirm and unsubscribe) has `privateHeaders`: never
 * cached, never indexed, never sent on in a Referer.
 */
export const privateHeaders: Record<string, string> = {
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex, nofollow",
  "Referrer-Policy": "no-referrer",
};

/** 303 See Other: the answer to a form POST that sends the browser on with a GET. */
export function seeOther(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store", ...headers } });
}

/** The caller asked for JSON (a script) rather than a page (a browser posting a form). */
export function wantsJson(request: Request): boolean {
  const type = request.headers.get("content-type") ?? "";
  const accept = request.headers.get("accept") ?? "";
  return type.startsWith("application/json") || (accept.includes("application/json") && !accept.includes("text/html"));
}
