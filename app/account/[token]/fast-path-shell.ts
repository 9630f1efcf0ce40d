import { defaultLocale, isLocale, type Locale } from "@/lib/i18n/locales";

/**
 * The shell of the private page's fast path (fast-path.tsx): Next's own prerendered
 * /account/shell (the app layout around an empty <main>), split at that <main>, without
 * Next's scripts (the private page needs none: its buttons are plain forms), and the
 * headers Next and next.config.ts send for /account/* pages.
 */
export const accountPageShellMarker = "rp-account-shell";

/**
 * The private page's shell (fast-path.tsx fills it for every customer): the same layout and
 * page, with an empty <main>, at /account/shell (default language) and /account/shell-<locale>.
 */
export function shellLocale(token: string): Locale | null {
  if (token === "shell") return defaultLocale;
  const m = /^shell-(.+)$/.exec(token);
  return m?.[1] && isLocale(m[1]) ? m[1] : null;
}

export function shellPath(locale: Locale): string {
  return locale === defaultLocale ? "/account/shell" : `/account/shell-${locale}`;
}


export interface AccountPageShell {
  head: string;
  tail: string;
  headers: Record<string, string>;
}

/** What Next sends for a dynamic page (force-dynamic): never stored, by anyone. */
export const privatePageCacheControl = "private, no-cache, no-store, max-age=0, must-revalidate";

const droppedHeaders = new Set(["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "date", "etag", "vary", "cache-control", "x-nextjs-cache", "x-nextjs-prerender", "x-nextjs-stale-time", "x-nextjs-postponed", "link"]);

/** Next's scripts (runtime, Flight payload) and the preloads for them: the private page runs none. */
export function withoutScripts(html: string): string {
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "")
    .replace(/<link\b[^>]*\bas="script"[^>]*>/g, "")
    .replace(/<link\b[^>]*rel="modulepreload"[^>]*>/g, "");
}

export interface UnknownLinkPage {
  body: string;
  headers: Record<string, string>;
}

function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!droppedHeaders.has(name.toLowerCase())) kept[name.toLowerCase()] = value;
  });
  kept["cache-control"] = privatePageCacheControl;
  kept["content-type"] = "text/html; charset=utf-8";
  return kept;
}

/** Next's 404 page for a well-formed unknown link, without scripts; null if it names the probe token (then it is not the same for every link). */
export function parseUnknownLinkPage(html: string, headers: Headers, probe: string): UnknownLinkPage | null {
  const body = withoutScripts(html);
  if (body.includes(probe) || /<script\b/i.test(body)) return null;
  return { body, headers: keptHeaders(headers) };
}

/** The shell from Next's answer for /account/shell, or null when it is not what we expect (the fast path then stays off). */
export function parseAccountPageShell(html: string, headers: Headers): AccountPageShell | null {
  const slot = new RegExp(`<main id="${accountPageShellMarker}"\\s*(?:/>|></main>)`);
  const match = slot.exec(html);
  if (!match) return null;
  const head = withoutScripts(html.slice(0, match.index));
  const tail = withoutScripts(html.slice(match.index + match[0].length));
  if (/<script\b/i.test(head + tail)) return null;
  return { head, tail, headers: keptHeaders(headers) };
}
