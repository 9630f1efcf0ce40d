import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { database } from "@/lib/db";
import { getAccountStatus } from "@/lib/lookup/get-account-status";
import { lookupTokenProblem } from "@/lib/lookup/resolve-lookup-token";
import { AccountView, caseOutcomeOf } from "./account-view";

export const dynamic = "force-dynamic";

/** Private: never indexed, never named in a Referer (next.config.ts sends the same as headers). */
export const metadata: Metadata = { title: "Your recovery status", robots: { index: false, follow: false }, referrer: "no-referrer" };

/**
 * The private account page behind the emailed link. Read-only: a link scanner's prefetch
 * changes nothing (the buttons post to ./manage). An unknown or tampered link is a 404
 * (not-found.tsx offers a new one); an expired or switched-off one sends the browser to
 * /lookup, which says so, and the token leaves the address bar.
 */
/*
 * Keep this page = getAccountStatus -> AccountView (+ the support forms' outcome from the query, caseOutcomeOf), with no client component: scripts/start.ts
 * answers valid links with the same two through fast-path.tsx (decision 045), without
 * Next's scripts. Anything new the page shows goes into getAccountStatus and AccountView;
 * test/e2e/subscribers-journey.spec.ts fails when the two answers differ.
 */
export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams?: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await params;
  const query = (await searchParams) ?? {};
  const status = await getAccountStatus(await database(), token).catch((error: unknown) => {
    const problem = lookupTokenProblem(error);
    if (problem === "unknown") notFound();
    if (problem) redirect(`/lookup?link=${problem}`);
    throw error;
  });
  return <AccountView status={status} token={token} outcome={caseOutcomeOf(query)} />;
}
