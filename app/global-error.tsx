"use client";

import Link from "next/link";

/** Last resort when the root layout itself fails: plain HTML, no error details. */
export default function GlobalError() {
  return (
    <html lang="en">
      <body>
        <main id="main" style={{ maxWidth: "40rem", margin: "2rem auto", padding: "0 1rem", fontFamily: "system-ui, sans-serif" }}>
          <h1>Something went wrong</h1>
          <p>This page could not be shown just now. Please try again in a moment.</p>
          <p>
            <Link href="/">Go to the service status page</Link>
          </p>
        </main>
      </body>
    </html>
  );
}
