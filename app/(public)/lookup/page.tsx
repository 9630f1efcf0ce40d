import Link from "next/link";
import type { Metadata } from "next";
import { formErrorText } from "@/lib/http/form-error";
import { InvalidLinkView } from "../account/[token]/account-view";
import { LookupForm, lookupFieldErrors, lookupIntro } from "./lookup-form";

export const metadata: Metadata = { title: "Is my data back?" };

/**
 * ?link=expired|revoked: where an expired or switched-off private link sends the browser;
 * ?error=: where /lookup/request sends a browser back (lib/http/form-error.ts).
 */
export default async function LookupPage({ searchParams }: { searchParams: Promise<{ link?: string | string[]; error?: string | string[]; field?: string | string[] }> }) {
  const query = await searchParams;
  const { link } = query;
  const failed = formErrorText(query, lookupFieldErrors);
  const problem = link === "expired" || link === "revoked" ? link : null;
  return (
    <main id="main" className="container self-service">
      <p>
        <Link href="/">Status page</Link>
      </p>
      {problem ? (
        <InvalidLinkView problem={problem} />
      ) : (
        <>
          <h1>Is my data back?</h1>
          <p>{lookupIntro}</p>
          <LookupForm errors={failed ? { ...failed.fields, ...(failed.form ? { form: failed.form } : {}) } : {}} />
        </>
      )}
      <p className="muted">
        Want news about the incident instead? <a href="/subscribe">Subscribe to updates</a>.
      </p>
    </main>
  );
}
