import { NextResponse, type NextRequest } from "next/server";
import { splitLocalePath } from "./lib/i18n/routing";

/**
 * Routing only, never a check, and only for the unsubscribe page's address.
 *
 * The languages' addresses (`/lookup` served by /en/lookup, `/fr/lookup`, `/en/...` redirecting
 * to the unprefixed address) are Next's own redirects and rewrites in next.config.ts (decision
 * 040): a middleware on every page request cost the pages most of their throughput.
 *
 * RFC 8058 mail clients POST to the List-Unsubscribe address itself, /unsubscribe/<token>
 * (or /<locale>/unsubscribe/<token>), which is a page (GET shows a button); a page cannot
 * take that POST, so it goes on to the route beside it, unchanged. A rewrite in next.config.ts
 * cannot tell a POST from a GET, so this one stays here.
 */
const unsubscribePage = /^\/unsubscribe\/[^/]+\/?$/;

export function proxy(request: NextRequest): NextResponse {
  if (request.method === "POST") {
    const { locale, path } = splitLocalePath(request.nextUrl.pathname);
    if (unsubscribePage.test(path)) {
      const url = request.nextUrl.clone();
      url.pathname = `/${locale}${path.replace(/\/$/, "")}/one-click`;
      return NextResponse.rewrite(url);
    }
  }
  return NextResponse.next();
}

export const config = {
  // The unsubscribe page only, in every language (next.config.ts routes the rest).
  matcher: ["/unsubscribe/:token", "/:locale/unsubscribe/:token"],
};
