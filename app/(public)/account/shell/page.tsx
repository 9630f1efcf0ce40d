import type { Metadata } from "next";
import { accountPageShellMarker } from "../[token]/fast-path-shell";

// Prerendered once at build: the app's own layout (header, footer, stylesheet) around an
// empty slot, which the private page's fast path fills for every customer (fast-path.tsx).
export const dynamic = "force-static";

export const metadata: Metadata = { title: "Your recovery status", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default function AccountPageShell() {
  return <main id={accountPageShellMarker} />;
}
