import Link from "next/link";

// Static on purpose: prerendered at build time, no data. The benchmark compares the
// status page against it (bench/portal.ts).
export const dynamic = "force-static";

export const metadata = { title: "About this page" };

export default function AboutPage() {
  return (
    <main id="main" className="container">
      <h1>About this page</h1>
      <p>
        This page reports a data-loss incident and the recovery of every affected account, counted from our records. It stays up when our
        other systems do not: if our records cannot be reached, it shows the last figures it had and says how old they are.
      </p>
      <p>
        To see what has come back for your own account, use <Link href="/lookup">Check your account</Link>. Machines can read the same
        information as <a href="/api/v1/status">JSON</a>, <a href="/feed.atom">Atom</a> or <a href="/feed.rss">RSS</a>.
      </p>
    </main>
  );
}
