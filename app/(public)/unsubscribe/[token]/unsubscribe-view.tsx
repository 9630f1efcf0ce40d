import type { UnsubscribeTargetView } from "@/lib/subscribers/unsubscribe";
import { StandalonePage } from "@/lib/subscribers/standalone-page";

export function UnsubscribeView({ target, action }: { target: UnsubscribeTargetView; action: string }) {
  return (
    <StandalonePage title="Unsubscribe">
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
    </StandalonePage>
  );
}

export function UnsubscribedView({ target }: { target: UnsubscribeTargetView }) {
  return (
    <StandalonePage title="Unsubscribed">
      <h1>You are unsubscribed</h1>
      <p className="card" role="status">
        {target.type === "account"
          ? `We will not send incident updates to ${target.maskedEmail} any more. We will still tell you once when your data is restored.`
          : `We will not send update emails to ${target.maskedEmail} any more.`}
      </p>
      <p>
        Changed your mind? <a href="/subscribe">Subscribe again</a>.
      </p>
    </StandalonePage>
  );
}

export function InvalidUnsubscribeView() {
  return (
    <StandalonePage title="Link not valid">
      <h1>This unsubscribe link is not valid</h1>
      <p className="notice error">We do not recognise this link. It may have been copied incompletely.</p>
    </StandalonePage>
  );
}
