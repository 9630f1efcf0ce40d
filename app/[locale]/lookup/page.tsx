import Link from "next/link";
import type { Metadata } from "next";
import { formErrorText } from "@/lib/http/form-error";
import { pageLocale } from "@/lib/i18n/page";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";
import { InvalidLinkView } from "../../account/[token]/account-view";
import { LookupForm, lookupFieldErrors } from "./lookup-form";

type Props = {
  params?: Promise<{ locale: string }>;
  searchParams: Promise<{ link?: string | string[]; error?: string | string[]; field?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: translator(await pageLocale(params), "forms.lookup")("title") };
}

/**
 * ?link=expired|revoked: where an expired or switched-off private link sends the browser;
 * ?error=: where /lookup/request sends a browser back (lib/http/form-error.ts).
 */
export default async function LookupPage({ params, searchParams }: Props) {
  const locale = await pageLocale(params);
  const t = translator(locale, "forms.lookup");
  const query = await searchParams;
  const { link } = query;
  const failed = formErrorText(query, lookupFieldErrors(locale), locale);
  const problem = link === "expired" || link === "revoked" ? link : null;
  return (
    <main id="main" className="container self-service">
      <p>
        <Link href={localePath(locale, "/")}>{t("statusPage")}</Link>
      </p>
      {problem ? (
        <InvalidLinkView problem={problem} locale={locale} />
      ) : (
        <>
          <h1>{t("title")}</h1>
          <p>{t("intro")}</p>
          <LookupForm locale={locale} errors={failed ? { ...failed.fields, ...(failed.form ? { form: failed.form } : {}) } : {}} />
        </>
      )}
      <p className="muted">{t.rich("subscribeInstead", { link: (chunks) => <a href={localePath(locale, "/subscribe")}>{chunks}</a> })}</p>
    </main>
  );
}
