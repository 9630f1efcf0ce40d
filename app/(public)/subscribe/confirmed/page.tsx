import type { Metadata } from "next";
import { prisma } from "@/lib/db";
import { listSubscribableIncidents } from "@/lib/subscribers/list-subscribable-incidents";
import { ConfirmedView } from "../confirm/[token]/confirm-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Subscribed", robots: { index: false, follow: false } };

/** Where a confirmation lands (?incident=<slug> for a subscription to one incident). */
export default async function ConfirmedPage({ searchParams }: { searchParams: Promise<{ incident?: string | string[] }> }) {
  const { incident: slug } = await searchParams;
  const incident = typeof slug === "string" && slug ? ((await listSubscribableIncidents(await prisma())).find((i) => i.slug === slug) ?? null) : null;
  return <ConfirmedView incident={incident} />;
}
