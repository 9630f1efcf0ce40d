import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { defaultLocale, locales, pseudoLocale } from "./lib/i18n/locales";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

// Pages need no third-party origin: everything is served from 'self'. Next's own inline
// bootstrap scripts need 'unsafe-inline' unless every page renders with a nonce, which
// would make every page dynamic and uncacheable (see docs/decisions/004-portal-public-snapshot-and-cache.md).
const csp = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

// Languages (decision 040): the public pages live under app/[locale]. `/x` is the default
// language (served by /en/x), `/es/x` and the other prefixes are their own pages, `/en/x`
// redirects to `/x`. Next's own redirects and rewrites do it, matched once per request in its
// router: no middleware (next-intl's ran on every page request and cost /about ~3/4 of its
// throughput). Not routed, as before: Next's files, the APIs, the staff console, the widget,
// the private page and top-level files with an extension (feeds, badge, icons); a dot further
// in is a page's own (an unsubscribe token is `<id>.<signature>`).
const prefixes = [defaultLocale, ...locales.filter((l) => l !== defaultLocale), pseudoLocale];
const notRouted = ["api/", "_next/", "_vercel/", "admin(?:/|$)", "account(?:/|$)", "widget(?:/|$)", `(?:${prefixes.join("|")})(?:/|$)`].join("|");
const routedSegment = `:first((?!${notRouted})[^/.]+)`;

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // app/global-not-found.tsx answers every address that is no page, rendered into the HTML.
  experimental: { globalNotFound: true },
  async redirects() {
    return [
      { source: `/${defaultLocale}`, destination: "/", permanent: false },
      { source: `/${defaultLocale}/:rest*`, destination: "/:rest*", permanent: false },
    ];
  },
  async rewrites() {
    return {
      beforeFiles: [
        { source: "/", destination: `/${defaultLocale}` },
        { source: `/${routedSegment}`, destination: `/${defaultLocale}/:first` },
        { source: `/${routedSegment}/:rest*`, destination: `/${defaultLocale}/:first/:rest*` },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
  // PGlite loads its WebAssembly and data files relative to its own package.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
      // Private links (a token in the path): the token must never leave in a Referer.
      // Later rules override earlier ones for the same header.
      ...["/account/:path*", "/subscribe/confirm/:path*", "/unsubscribe/:path*", "/:locale/subscribe/confirm/:path*", "/:locale/unsubscribe/:path*"].map((source) => ({
        source,
        headers: [
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Robots-Tag", value: "noindex, nofollow" },
        ],
      })),
      // The widget is made to be framed by other sites (frame-ancestors *, which browsers
      // obey over X-Frame-Options); it has no script at all. Its embed code is framed by
      // this site's own /about.
      {
        source: "/widget",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors *" }],
      },
      {
        source: "/widget/embed-code",
        headers: [
          { key: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'" },
          { key: "X-Frame-Options", value: "SAMEORIGIN" },
        ],
      },
      // No HSTS here: scripts/start.ts sends it when PUBLIC_URL is https (lib/http/hsts.ts),
      // never because a request header claims https.
    ];
  },
};

export default withNextIntl(nextConfig);
