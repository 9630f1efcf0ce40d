import type { Metadata } from "next";
import { defaultLocale } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translator";
import { InvalidLinkView } from "./account-view";

// An unknown link names no account, so no language but the default (the layout uses it too).
export function generateMetadata(): Metadata {
  const title = translator(defaultLocale, "account.problem")("unknown.title");
  return { title: { absolute: translator(defaultLocale, "common.meta")("titleTemplate", { title }) }, robots: { index: false, follow: false }, referrer: "no-referrer" };
}

export default function InvalidAccountLink() {
  return (
    <main id="main" className="container self-service">
      <InvalidLinkView problem="unknown" locale={defaultLocale} />
    </main>
  );
}
