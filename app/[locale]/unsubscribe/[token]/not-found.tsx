import type { Metadata } from "next";
import { currentRequestLocale } from "@/lib/i18n/request-locale";
import { translator } from "@/lib/i18n/translator";
import { InvalidUnsubscribeView } from "./unsubscribe-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: translator(await currentRequestLocale(), "forms.unsubscribe")("invalidMeta"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

export default async function InvalidUnsubscribeLink() {
  return <InvalidUnsubscribeView locale={await currentRequestLocale()} />;
}
