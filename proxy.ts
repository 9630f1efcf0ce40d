import { NextResponse, type NextRequest } from "next/server";

/**
 * Routing only, never a check. RFC 8058 mail clients POST to the List-Unsubscribe address
 * itself, /unsubscribe/<token>, which is a page (GET shows a button); a page cannot take
 * that POST, so it goes on to the route beside it, unchanged.
 */
export function proxy(request: NextRequest): NextResponse {
  if (request.method !== "POST") return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = `${url.pathname.replace(/\/$/, "")}/one-click`;
  return NextResponse.rewrite(url);
}

export const config = { matcher: "/unsubscribe/:token" };
