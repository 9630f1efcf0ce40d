import type { Metadata } from "next";
import Link from "next/link";
import { pageLocale } from "@/lib/i18n/page";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";

// Static on purpose: prerendered at build time (once per language), no data. The benchmark
// compares the status page against it (bench/portal.ts). What depends on the running portal
// (the embed code carries its address, PUBLIC_URL) is framed from /widget/embed-code.
export const dynamic = "force-static";

type Props = { params?: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: translator(await pageLocale(params), "about")("title") };
}

export default async function AboutPage({ params }: Props) {
  const locale = await pageLocale(params);
  const t = translator(locale, "about");
  const lang = locale === "en" ? "" : `?lang=${locale}`;
  return (
    <main id="main" className="container">
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <p>
        {t.rich("machines", {
          lookup: (chunks) => <Link href={localePath(locale, "/lookup")}>{chunks}</Link>,
          json: (chunks) => <a href="/api/v1/status">{chunks}</a>,
          statuspage: (chunks) => <a href="/api/v2/summary.json">{chunks}</a>,
          atom: (chunks) => <a href={`/feed.atom${lang}`}>{chunks}</a>,
          rss: (chunks) => <a href={`/feed.rss${lang}`}>{chunks}</a>,
          openapi: (chunks) => <a href="/api/openapi.json">{chunks}</a>,
        })}
      </p>
      <h2 id="embed">{t("embedHeading")}</h2>
      <p>{t.rich("embedText", { code: (chunks) => <code>{chunks}</code> })}</p>
      <p>
        {/* eslint-disable-next-line @next/next/no-img-element -- an SVG badge, the same the embed code shows */}
        <img src={`/badge.svg${lang}`} alt={t("badgeAlt")} height={20} />
      </p>
      <iframe src={`/widget${lang}`} title={t("widgetTitle")} width={320} height={260} style={{ border: 0 }} loading="lazy" />
      <h3>{t("embedCode")}</h3>
      <p>{t("embedCodeText")}</p>
      <iframe src={`/widget/embed-code${lang}`} title={t("embedCodeTitle")} height={220} style={{ border: 0, width: "100%" }} />
    </main>
  );
}
