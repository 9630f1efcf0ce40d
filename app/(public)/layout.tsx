import Link from "next/link";

export default function PublicLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="site">
        <div className="container">
          <Link href="/" className="brand">
            Recovery status
          </Link>
          <nav aria-label="Main">
            <Link href="/">Status</Link>
            <Link href="/lookup">Check your account</Link>
            <Link href="/subscribe">Get updates</Link>
          </nav>
        </div>
      </header>
      {children}
      <footer className="site">
        <div className="container">
          <p>
            Follow updates: <a href="/feed.atom">Atom feed</a> · <a href="/feed.rss">RSS feed</a> · <a href="/api/v1/status">JSON status</a> ·{" "}
            <Link href="/about">About this page</Link>
          </p>
        </div>
      </footer>
    </>
  );
}
