import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { LanguageSwitcher } from "@/components/LanguageSwitcher";
import { PublicFrame } from "@/components/PublicFrame";
import { defaultLocale, direction, locales, type RenderLocale } from "@/lib/i18n/locales";
import { isRenderLocale, localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";
import "./globals.css";

/**
 * Any address that is no page (Next 16's global not-found, `experimental.globalNotFound`):
 * `/no-such-page`, `/fr/no-such-page`. Next renders it into the HTML itself, so its words are
 * there without JavaScript (a `notFound()` from inside a page answers with an empty error shell
 * that the browser fills from the flight data). It has no params: the language comes from the
 * header scripts/start.ts sets from the path (the default language under `next dev`).
 */
async function notFoundLocale(): Promise<RenderLocale> {
  const requested = (await headers()).get("x-next-intl-locale");
  return requested && isRenderLocale(requested) ? requested : defaultLocale;
}

export async function generateMetadata(): Promise<Metadata> {
  const locale = await notFoundLocale();
  return { title: translator(locale, "common.meta")("titleTemplate", { title: translator(locale, "common.notFound")("title") }) };
}

export default async function GlobalNotFound() {
  const locale = await notFoundLocale();
  const t = translator(locale, "common.notFound");
  const names = Object.fromEntries(locales.map((l) => [l, translator(l, "common")("languageName")]));
  return (
    <html lang={locale} dir={direction(locale)}>
      <body>
        <PublicFrame locale={locale} languages={<LanguageSwitcher locale={locale} label={translator(locale, "common.layout")("languages")} names={names} />}>
          <main id="main" className="container">
            <h1>{t("title")}</h1>
            <p>{t("body")}</p>
            <p>
              <Link href={localePath(locale, "/")}>{t("home")}</Link>
            </p>
          </main>
        </PublicFrame>
      </body>
    </html>
  );
}
