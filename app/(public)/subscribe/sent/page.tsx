import Link from "next/link";
import type { Metadata } from "next";
import { subscribeAnswer } from "@/lib/subscribers/request-subscription";

export const metadata: Metadata = { title: "Confirm your subscription", robots: { index: false } };

export default function SubscribeSentPage() {
  return (
    <main id="main" className="container self-service">
      <h1>Almost done</h1>
      <p className="card" role="status">
        {subscribeAnswer}
      </p>
      <p>
        <Link href="/">Back to the status page</Link>
      </p>
    </main>
  );
}
