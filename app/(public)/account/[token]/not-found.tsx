import type { Metadata } from "next";
import { InvalidLinkView } from "./account-view";

export const metadata: Metadata = { title: "This link is not valid", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default function InvalidAccountLink() {
  return (
    <main id="main" className="container self-service">
      <InvalidLinkView problem="unknown" />
    </main>
  );
}
