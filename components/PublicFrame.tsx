import Link from "next/link";
import { defaultLocale, type RenderLocale } from "@/lib/i18n/locales";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";

/**
 * The customer pages' frame (skip link, header, footer) in the page's language: the public
 * layout (app/[locale]/layout.tsx) and the private page's (app/account/[token]/layout.tsx)
 * both render it, so the private page's fast path fills the same frame (decision 045).
 */
export function PublicFrame({ locale, languages, children }: { locale: RenderLocale; languages?: React.ReactNode; children: React.ReactNode }) {
  const t = translator(locale, "common.layout");
  const feedQuery = locale === defaultLocale ? "" : `?lang=${locale}`;
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipLink")}
      </a>
      <header className="site">
        <div className="container">
          <Link href={localePath(locale, "/")} className="brand">
            {t("brand")}
          </Link>
          <nav aria-label={t("nav")}>
            <Link href={localePath(locale, "/")}>{t("navStatus")}</Link>
            <Link href={localePath(locale, "/lookup")}>{t("navLookup")}</Link>
            <Link href={localePath(locale, "/subscribe")}>{t("navSubscribe")}</Link>
          </nav>
        </div>
      </header>
      {children}
      <footer className="site">
        <div className="container">
          <p>
            {t("follow")} <a href={`/feed.atom${feedQuery}`}>{t("atomFeed")}</a> · <a href={`/feed.rss${feedQuery}`}>{t("rssFeed")}</a> ·{" "}
            <a href="/api/v1/status">{t("jsonStatus")}</a> · <Link href={localePath(locale, "/about")}>{t("about")}</Link>
          </p>
          {languages}
        </div>
      </footer>
    </>
  );
}
