import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { pageLocale } from "@/lib/i18n/page";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";
import { describeUnsubscribe } from "@/lib/subscribers/unsubscribe";
import { UnsubscribeView, UnsubscribedView } from "./unsubscribe-view";

export const dynamic = "force-dynamic";
type Props = { params: Promise<{ token: string; locale?: string }>; searchParams: Promise<{ done?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: translator(await pageLocale(params), "forms.unsubscribe")("title"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

/**
 * GET shows a confirm button (a link scanner's prefetch unsubscribes nobody); ?done=1
 * after the button's POST. The RFC 8058 one-click POST to this same address is answered
 * by ./one-click (proxy.ts sends POSTs there).
 */
export default async function UnsubscribePage({ params, searchParams }: Props) {
  const { token } = await params;
  const locale = await pageLocale(params);
  const target = await describeUnsubscribe(await prisma(), token).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  if ((await searchParams).done === "1" && target.alreadyUnsubscribed) return <UnsubscribedView target={target} locale={locale} />;
  return <UnsubscribeView target={target} action={localePath(locale, `/unsubscribe/${encodeURIComponent(token)}/one-click`)} locale={locale} />;
}
