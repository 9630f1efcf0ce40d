import Link from "next/link";
import type { Metadata } from "next";
import { prisma } from "@/lib/db";
import { formErrorText } from "@/lib/http/form-error";
import { pageLocale } from "@/lib/i18n/page";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";
import { listSubscribableIncidents } from "@/lib/subscribers/list-subscribable-incidents";
import { SubscribeForm, subscribeFieldErrors } from "./subscribe-form";

export const dynamic = "force-dynamic";

type Props = {
  params?: Promise<{ locale: string }>;
  searchParams: Promise<{ incident?: string | string[]; error?: string | string[]; field?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: translator(await pageLocale(params), "forms.subscribe")("title") };
}

/** ?error=: where /subscribe/request sends a browser back (lib/http/form-error.ts). */
export default async function SubscribePage({ params, searchParams }: Props) {
  const locale = await pageLocale(params);
  const t = translator(locale, "forms.subscribe");
  const query = await searchParams;
  const { incident } = query;
  const failed = formErrorText(query, subscribeFieldErrors(locale), locale);
  const incidents = await listSubscribableIncidents(await prisma());
  return (
    <main id="main" className="container self-service">
      <p>
        <Link href={localePath(locale, "/")}>{t("statusPage")}</Link>
      </p>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <SubscribeForm
        locale={locale}
        incidents={incidents}
        incident={typeof incident === "string" ? incident : ""}
        errors={failed ? { ...failed.fields, ...(failed.form ? { form: failed.form } : {}) } : {}}
      />
      <p className="muted">{t.rich("lookupInstead", { link: (chunks) => <a href={localePath(locale, "/lookup")}>{chunks}</a> })}</p>
    </main>
  );
}
