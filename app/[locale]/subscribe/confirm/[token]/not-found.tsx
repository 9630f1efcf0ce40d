import type { Metadata } from "next";
import { currentRequestLocale } from "@/lib/i18n/request-locale";
import { translator } from "@/lib/i18n/translator";
import { InvalidConfirmView } from "./confirm-view";

export async function generateMetadata(): Promise<Metadata> {
  return { title: translator(await currentRequestLocale(), "forms.confirm")("invalidMeta"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

export default async function InvalidConfirmLink() {
  return <InvalidConfirmView locale={await currentRequestLocale()} />;
}
