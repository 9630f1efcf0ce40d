import type { Metadata } from "next";
import { prisma } from "@/lib/db";
import { pageLocale } from "@/lib/i18n/page";
import { translator } from "@/lib/i18n/translator";
import { listSubscribableIncidents } from "@/lib/subscribers/list-subscribable-incidents";
import { ConfirmedView } from "../confirm/[token]/confirm-view";

export const dynamic = "force-dynamic";

type Props = { params?: Promise<{ locale: string }>; searchParams: Promise<{ incident?: string | string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: translator(await pageLocale(params), "forms.confirm")("doneMeta"), robots: { index: false, follow: false } };
}

/** Where a confirmation lands (?incident=<slug> for a subscription to one incident). */
export default async function ConfirmedPage({ params, searchParams }: Props) {
  const locale = await pageLocale(params);
  const { incident: slug } = await searchParams;
  const incident = typeof slug === "string" && slug ? ((await listSubscribableIncidents(await prisma())).find((i) => i.slug === slug) ?? null) : null;
  return <ConfirmedView incident={incident} locale={locale} />;
}
