import Link from "next/link";
import type { Metadata } from "next";
import { pageLocale } from "@/lib/i18n/page";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";

type Props = { params?: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: translator(await pageLocale(params), "forms.subscribe")("sentMeta"), robots: { index: false } };
}

export default async function SubscribeSentPage({ params }: Props) {
  const locale = await pageLocale(params);
  const t = translator(locale, "forms.subscribe");
  return (
    <main id="main" className="container self-service">
      <h1>{t("sentTitle")}</h1>
      <p className="card" role="status">
        {t("sentAnswer")}
      </p>
      <p>
        <Link href={localePath(locale, "/")}>{t("back")}</Link>
      </p>
    </main>
  );
}
