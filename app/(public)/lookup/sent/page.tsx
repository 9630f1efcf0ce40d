import type { Metadata } from "next";
import { lookupAnswer } from "@/lib/lookup/request-lookup-link";

export const metadata: Metadata = { title: "Check your inbox", robots: { index: false } };

/** The one answer to every accepted lookup, known address or not. */
export default function LookupSentPage() {
  return (
    <main id="main" className="container self-service">
      <h1>Check your inbox</h1>
      <p className="card" role="status">
        {lookupAnswer}
      </p>
      <p className="muted">
        Nothing arrived? Check your spam folder, make sure you used the address on your account, or <a href="/lookup">try again</a>.
      </p>
    </main>
  );
}
