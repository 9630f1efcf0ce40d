import type { UnsubscribeTargetView } from "@/lib/subscribers/unsubscribe";
import Link from "next/link";

export function UnsubscribeView({ target, action }: { target: UnsubscribeTargetView; action: string }) {
  return (
    <main id="main" className="container self-service">
      <h1>Unsubscribe</h1>
      {target.alreadyUnsubscribed ? <p className="card">{target.maskedEmail} is already unsubscribed.</p> : null}
      <p>
        {target.type === "account"
          ? `Stop incident updates to ${target.maskedEmail}? We will still tell you once when your data is restored.`
          : `Stop all update emails to ${target.maskedEmail}?`}
      </p>
      <form method="post" action={action}>
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <button type="submit">Unsubscribe</button>
      </form>
    </main>
  );
}

export function UnsubscribedView({ target }: { target: UnsubscribeTargetView }) {
  return (
    <main id="main" className="container self-service">
      <h1>You are unsubscribed</h1>
      <p className="card" role="status">
        {target.type === "account"
          ? `We will not send incident updates to ${target.maskedEmail} any more. We will still tell you once when your data is restored.`
          : `We will not send update emails to ${target.maskedEmail} any more.`}
      </p>
      <p>
        Changed your mind? <Link href="/subscribe">Subscribe again</Link>.
      </p>
    </main>
  );
}

export function InvalidUnsubscribeView() {
  return (
    <main id="main" className="container self-service">
      <h1>This unsubscribe link is not valid</h1>
      <p className="notice error">We do not recognise this link. It may have been copied incompletely.</p>
    </main>
  );
}
