import Link from "next/link";

// Static on purpose: prerendered at build time, no data. The benchmark compares the
// status page against it (bench/portal.ts). What depends on the running portal (the
// embed code carries its address, PUBLIC_URL) is framed from /widget/embed-code.
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
        information as <a href="/api/v1/status">JSON</a>, in the <a href="/api/v2/summary.json">Statuspage format</a>, as{" "}
        <a href="/feed.atom">Atom</a> or <a href="/feed.rss">RSS</a>; the <a href="/api/openapi.json">OpenAPI document</a> describes
        every JSON interface.
      </p>
      <h2 id="embed">Show this status on your site</h2>
      <p>
        A badge with the overall state and the share of data restored, and a small widget without any script. Both are cached like this
        page and keep working when our records cannot be reached. Add <code>?incident=</code> and an incident&apos;s address to show only
        that incident.
      </p>
      <p>
        {/* eslint-disable-next-line @next/next/no-img-element -- an SVG badge, the same the embed code shows */}
        <img src="/badge.svg" alt="Recovery status badge" height={20} />
      </p>
      <iframe src="/widget" title="Recovery status widget (preview)" width={320} height={260} style={{ border: 0 }} loading="lazy" />
      <h3>Embed code</h3>
      <p>Copy the code for the widget or the badge into your page:</p>
      <iframe src="/widget/embed-code" title="Embed code for the widget and the badge" width="100%" height={220} style={{ border: 0 }} />
    </main>
  );
}
