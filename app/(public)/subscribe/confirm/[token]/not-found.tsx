import type { Metadata } from "next";
import { InvalidConfirmView } from "./confirm-view";

export const metadata: Metadata = { title: "Link not valid", robots: { index: false, follow: false }, referrer: "no-referrer" };

export default function InvalidConfirmLink() {
  return <InvalidConfirmView message="This confirmation link is not valid: it may have been used already or replaced by a newer one." />;
}
