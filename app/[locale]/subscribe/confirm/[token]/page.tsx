import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { pageLocale } from "@/lib/i18n/page";
import { localePath } from "@/lib/i18n/routing";
import { translator } from "@/lib/i18n/translator";
import { describeConfirmation } from "@/lib/subscribers/confirm-subscription";
import { ConfirmView, ExpiredConfirmView } from "./confirm-view";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string; locale?: string }>; searchParams: Promise<{ incident?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: translator(await pageLocale(params), "forms.confirm")("title"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

/** Step two of double opt-in: GET shows a button (a link scanner's prefetch confirms nothing); the button posts to ./accept. */
export default async function ConfirmPage({ params, searchParams }: Props) {
  const { token } = await params;
  const locale = await pageLocale(params);
  const incident = typeof (await searchParams).incident === "string" ? ((await searchParams).incident as string) || undefined : undefined;
  const query = incident ? `?incident=${encodeURIComponent(incident)}` : "";
  const pending = await describeConfirmation(await prisma(), token, incident).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    if (error instanceof AppError && error.code === "GONE") return { expired: error };
    throw error;
  });
  const base = localePath(locale, `/subscribe/confirm/${encodeURIComponent(token)}`);
  if ("expired" in pending) {
    const details = pending.expired.details as { maskedEmail?: string } | undefined;
    return <ExpiredConfirmView days={env().SUBSCRIPTION_CONFIRM_TTL_DAYS} maskedEmail={details?.maskedEmail ?? ""} action={`${base}/renew${query}`} locale={locale} />;
  }
  return <ConfirmView pending={pending} action={`${base}/accept${query}`} locale={locale} />;
}
