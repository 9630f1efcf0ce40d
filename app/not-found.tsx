import Link from "next/link";

export const metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main id="main" className="container">
      <h1>Page not found</h1>
      <p>There is no page at this address. It may have been mistyped, or the incident or letter may not be published.</p>
      <p>
        <Link href="/">Go to the service status page</Link>
      </p>
    </main>
  );
}
