import type { Metadata, Viewport } from "next";
import { setRequestLocale } from "next-intl/server";
import { LanguageSwitcher } from "@/components/LanguageSwitcher";
import { PublicFrame } from "@/components/PublicFrame";
import { direction, locales, pseudoLocale } from "@/lib/i18n/locales";
import { pageLocale } from "@/lib/i18n/page";
import { notFound } from "next/navigation";
import { isRenderLocale, routedLocales } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";
import "../globals.css";

/**
 * The root layout of every public page, one tree per language (decision 040): `/es/...`
 * renders here with locale "es"; unprefixed addresses are the default language (next.config.ts).
 * `<html lang dir>` follow the language; Arabic is right to left.
 */
export function generateStaticParams() {
  return routedLocales.map((locale) => ({ locale }));
}

type Props = { params: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = await pageLocale(params);
  const t = translator(locale, "common.meta");
  return {
    title: { default: t("title"), template: t("titleTemplate", { title: "%s" }) },
    description: t("description"),
    ...(locale === pseudoLocale ? { robots: { index: false, follow: false } } : {}),
  };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
};

export default async function LocaleLayout({ children, params }: Props & { children: React.ReactNode }) {
  // Only addresses next.config.ts did not route get here with another first segment (/robots.txt).
  if (!isRenderLocale((await params).locale)) notFound();
  const locale = await pageLocale(params);
  // For next-intl's request APIs (getTranslations, getLocale) below this layout, e.g. not-found.tsx.
  setRequestLocale(locale);
  const names = Object.fromEntries(locales.map((l) => [l, translator(l, "common")("languageName")]));
  return (
    <html lang={locale} dir={direction(locale)}>
      <body>
        <PublicFrame locale={locale} languages={<LanguageSwitcher locale={locale} label={translator(locale, "common.layout")("languages")} names={names} />}>
          {children}
        </PublicFrame>
      </body>
    </html>
  );
}
