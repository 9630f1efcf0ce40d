"use client";

import { usePathname } from "next/navigation";
import { locales, type RenderLocale } from "@/lib/i18n/locales";
import { localePath, pagePath } from "@/lib/i18n/routing";

/**
 * The same page in every shipped language: plain links (no script needed to use them), each
 * language named in itself, and the hreflang alternates for search engines (React puts the
 * <link>s in <head>). A client component only to know the current address in the shared
 * layout; it renders fully on the server.
 */
export function LanguageSwitcher({ locale, label, names }: { locale: RenderLocale; label: string; names: Record<string, string> }) {
  const path = pagePath(usePathname() || "/");
  return (
    <nav className="languages" aria-label={label}>
      {locales.map((l) => (
        <link key={l} rel="alternate" hrefLang={l} href={localePath(l, path)} />
      ))}
      <link rel="alternate" hrefLang="x-default" href={path} />
      <ul>
        {locales.map((l) => (
          <li key={l}>
            <a href={localePath(l, path)} lang={l} hrefLang={l} aria-current={l === locale ? "true" : undefined}>
              {names[l]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
