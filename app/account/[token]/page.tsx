import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { lookupTokenProblem } from "@/lib/lookup/resolve-lookup-token";
import { translator } from "@/lib/i18n/translator";
import { accountPageLocale, accountStatusOnce, shellLocale } from "./account-status";
import { AccountView, caseOutcomeOf } from "./account-view";
import { accountPageShellMarker } from "./fast-path-shell";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ token: string }>;
  searchParams?: Promise<Record<string, string | string[] | undefined>>;
};

/** Private: never indexed, never named in a Referer (next.config.ts sends the same as headers). */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const locale = await accountPageLocale((await params).token);
  const t = translator(locale, "common.meta");
  return {
    title: { absolute: t("titleTemplate", { title: translator(locale, "account")("title") }) },
    description: t("description"),
    robots: { index: false, follow: false },
    referrer: "no-referrer",
  };
}

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
export default async function AccountPage({ params, searchParams }: Props) {
  const { token } = await params;
  // The fast path's shell: the layout around an empty slot, in one language.
  if (shellLocale(token)) return <main id={accountPageShellMarker} />;
  const query = (await searchParams) ?? {};
  const status = await accountStatusOnce(token).catch((error: unknown) => {
    const problem = lookupTokenProblem(error);
    if (problem === "unknown") notFound();
    if (problem) redirect(`/lookup?link=${problem}`);
    throw error;
  });
  return <AccountView status={status} token={token} outcome={caseOutcomeOf(query)} />;
}
