import type { Metadata } from "next";
import { getLocale } from "next-intl/server";
import { isRenderLocale } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";
import { InvalidUnsubscribeView } from "./unsubscribe-view";

async function locale() {
  const l = await getLocale();
  return isRenderLocale(l) ? l : "en";
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: translator(await locale(), "forms.unsubscribe")("invalidMeta"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

export default async function InvalidUnsubscribeLink() {
  return <InvalidUnsubscribeView locale={await locale()} />;
}
