"use client";

import Link from "next/link";

/**
 * Shown when a page fails. Never shows the error itself (no stack trace, no message
 * that could leak internals): only what the reader can do. Next logs the error server-side.
 */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="container">
      <h1>Something went wrong</h1>
      <p>This page could not be shown just now. Please try again in a moment.</p>
      <p>
        <button type="button" onClick={() => reset()}>
          Try again
        </button>{" "}
        <Link href="/">Go to the service status page</Link>
      </p>
    </main>
  );
}
