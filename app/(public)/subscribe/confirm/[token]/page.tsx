import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { describeConfirmation } from "@/lib/subscribers/confirm-subscription";
import { ConfirmView, ExpiredConfirmView } from "./confirm-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Confirm your subscription", robots: { index: false, follow: false }, referrer: "no-referrer" };

/** Step two of double opt-in: GET shows a button (a link scanner's prefetch confirms nothing); the button posts to ./accept. */
export default async function ConfirmPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ incident?: string | string[] }> }) {
  const { token } = await params;
  const incident = typeof (await searchParams).incident === "string" ? ((await searchParams).incident as string) || undefined : undefined;
  const query = incident ? `?incident=${encodeURIComponent(incident)}` : "";
  const pending = await describeConfirmation(await prisma(), token, incident).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    if (error instanceof AppError && error.code === "GONE") return { expired: error };
    throw error;
  });
  if ("expired" in pending) {
    const details = pending.expired.details as { maskedEmail?: string } | undefined;
    return <ExpiredConfirmView message={pending.expired.message} maskedEmail={details?.maskedEmail ?? ""} action={`/subscribe/confirm/${encodeURIComponent(token)}/renew${query}`} />;
  }
  return <ConfirmView pending={pending} action={`/subscribe/confirm/${encodeURIComponent(token)}/accept${query}`} />;
}
