import type { Metadata } from "next";
import Link from "next/link";
import { currentRequestLocale } from "@/lib/i18n/request-locale";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";

export async function generateMetadata(): Promise<Metadata> {
  return { title: translator(await currentRequestLocale(), "common.notFound")("title") };
}

/** Any address under a language that is no page (app/[locale]/[...rest]) and every notFound() of a public page. */
export default async function NotFound() {
  const l = await currentRequestLocale();
  const t = translator(l, "common.notFound");
  return (
    <main id="main" className="container">
      <h1>{t("title")}</h1>
      <p>{t("body")}</p>
      <p>
        <Link href={localePath(l, "/")}>{t("home")}</Link>
      </p>
    </main>
  );
}
