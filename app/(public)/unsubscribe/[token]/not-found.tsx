import type { Metadata } from "next";
import { InvalidUnsubscribeView } from "./unsubscribe-view";

export const metadata: Metadata = { title: "Link not valid", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default function InvalidUnsubscribeLink() {
  return <InvalidUnsubscribeView />;
}
