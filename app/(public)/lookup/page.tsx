import Link from "next/link";
import type { Metadata } from "next";
import { LookupForm, lookupIntro } from "./lookup-form";

export const metadata: Metadata = { title: "Is my data back?" };

export default function LookupPage() {
  return (
    <main id="main" className="container">
      <p>
        <Link href="/">Status page</Link>
      </p>
      <h1>Is my data back?</h1>
      <p>{lookupIntro}</p>
      <LookupForm />
      <p className="muted">
        Want news about the incident instead? <a href="/subscribe">Subscribe to updates</a>.
      </p>
    </main>
  );
}
