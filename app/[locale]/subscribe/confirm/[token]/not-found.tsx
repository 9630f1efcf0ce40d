import type { Metadata } from "next";
import { getLocale } from "next-intl/server";
import { isRenderLocale } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";
import { InvalidConfirmView } from "./confirm-view";

async function locale() {
  const l = await getLocale();
  return isRenderLocale(l) ? l : "en";
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: translator(await locale(), "forms.confirm")("invalidMeta"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

export default async function InvalidConfirmLink() {
  return <InvalidConfirmView locale={await locale()} />;
}
