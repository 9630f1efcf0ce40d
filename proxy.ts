import createMiddleware from "next-intl/middleware";
import { NextResponse, type NextRequest } from "next/server";
import { routing, splitLocalePath } from "./lib/i18n/routing";

const localeRouting = createMiddleware(routing);

/**
 * Routing only, never a check.
 *
 * Languages (decision 040): next-intl maps the public pages' addresses onto app/[locale]:
 * `/lookup` is served by /en/lookup unchanged, `/fr/lookup` by /fr/lookup, and `/en/...`
 * redirects to the unprefixed address. The staff console, the APIs, feeds, the widget and
 * the private account page (/account/<token>, in the account's own language) are not
 * matched.
 *
 * RFC 8058 mail clients POST to the List-Unsubscribe address itself, /unsubscribe/<token>
 * (or /<locale>/unsubscribe/<token>), which is a page (GET shows a button); a page cannot
 * take that POST, so it goes on to the route beside it, unchanged.
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
  return localeRouting(request);
}

export const config = {
  // Everything but Next's files, top-level files with an extension (feeds, badge, icons), the
  // APIs, the staff console, the widget and the private page. A dot further in is a page's
  // own (an unsubscribe token is `<id>.<signature>`).
  matcher: ["/((?!api/|_next/|_vercel/|admin(?:/|$)|account(?:/|$)|widget(?:/|$)|[^/]*\\.).*)"],
};
