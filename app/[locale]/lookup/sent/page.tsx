import type { Metadata } from "next";
import { pageLocale } from "@/lib/i18n/page";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";

type Props = { params?: Promise<{ locale: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: translator(await pageLocale(params), "forms.lookup")("sentTitle"), robots: { index: false } };
}

/** The one answer to every accepted lookup, known address or not. */
export default async function LookupSentPage({ params }: Props) {
  const locale = await pageLocale(params);
  const t = translator(locale, "forms.lookup");
  return (
    <main id="main" className="container self-service">
      <h1>{t("sentTitle")}</h1>
      <p className="card" role="status">
        {t("sentAnswer")}
      </p>
      <p className="muted">{t.rich("sentHelp", { link: (chunks) => <a href={localePath(locale, "/lookup")}>{chunks}</a> })}</p>
    </main>
  );
}
