import Link from "next/link";
import type { Metadata } from "next";
import { prisma } from "@/lib/db";
import { listSubscribableIncidents } from "@/lib/subscribers/list-subscribable-incidents";
import { formErrorText } from "@/lib/http/form-error";
import { SubscribeForm, subscribeFieldErrors, subscribeIntro } from "./subscribe-form";

export const metadata: Metadata = { title: "Subscribe to updates" };
export const dynamic = "force-dynamic";

/** ?error=: where /subscribe/request sends a browser back (lib/http/form-error.ts). */
export default async function SubscribePage({ searchParams }: { searchParams: Promise<{ incident?: string | string[]; error?: string | string[]; field?: string | string[] }> }) {
  const query = await searchParams;
  const { incident } = query;
  const failed = formErrorText(query, subscribeFieldErrors);
  const incidents = await listSubscribableIncidents(await prisma());
  return (
    <main id="main" className="container self-service">
      <p>
        <Link href="/">Status page</Link>
      </p>
      <h1>Subscribe to updates</h1>
      <p>{subscribeIntro}</p>
      <SubscribeForm
        incidents={incidents}
        incident={typeof incident === "string" ? incident : ""}
        errors={failed ? { ...failed.fields, ...(failed.form ? { form: failed.form } : {}) } : {}}
      />
      <p className="muted">
        Want to know about your own data? <a href="/lookup">Get a private link to your account</a>.
      </p>
    </main>
  );
}
