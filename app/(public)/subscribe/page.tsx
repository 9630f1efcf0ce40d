import Link from "next/link";
import type { Metadata } from "next";
import { prisma } from "@/lib/db";
import { listSubscribableIncidents } from "@/lib/subscribers/list-subscribable-incidents";
import { SubscribeForm, subscribeIntro } from "./subscribe-form";

export const metadata: Metadata = { title: "Subscribe to updates" };
export const dynamic = "force-dynamic";

export default async function SubscribePage({ searchParams }: { searchParams: Promise<{ incident?: string | string[] }> }) {
  const { incident } = await searchParams;
  const incidents = await listSubscribableIncidents(await prisma());
  return (
    <main id="main" className="container">
      <p>
        <Link href="/">Status page</Link>
      </p>
      <h1>Subscribe to updates</h1>
      <p>{subscribeIntro}</p>
      <SubscribeForm incidents={incidents} incident={typeof incident === "string" ? incident : ""} />
      <p className="muted">
        Want to know about your own data? <a href="/lookup">Get a private link to your account</a>.
      </p>
    </main>
  );
}
