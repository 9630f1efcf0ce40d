import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { describeUnsubscribe } from "@/lib/subscribers/unsubscribe";
import { UnsubscribeView, UnsubscribedView } from "./unsubscribe-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false, follow: false }, referrer: "no-referrer" };

/**
 * GET shows a confirm button (a link scanner's prefetch unsubscribes nobody); ?done=1
 * after the button's POST. The RFC 8058 one-click POST to this same address is answered
 * by ./one-click (proxy.ts sends POSTs there).
 */
export default async function UnsubscribePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ done?: string | string[] }> }) {
  const { token } = await params;
  const target = await describeUnsubscribe(await prisma(), token).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  if ((await searchParams).done === "1" && target.alreadyUnsubscribed) return <UnsubscribedView target={target} />;
  return <UnsubscribeView target={target} action={`/unsubscribe/${encodeURIComponent(token)}/one-click`} />;
}
