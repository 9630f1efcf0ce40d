/* eslint-disable @next/next/no-html-link-for-pages -- static HTML rendered by a route handler, outside the Next router */
import type { PendingConfirmation } from "@/lib/subscribers/confirm-subscription";
import { StandalonePage } from "@/lib/subscribers/standalone-page";

export function ConfirmView({ pending, action }: { pending: PendingConfirmation; action: string }) {
  const what = pending.incident ? `updates about “${pending.incident.title}”` : "updates about every incident";
  return (
    <StandalonePage title="Confirm your subscription">
      <h1>Confirm your subscription</h1>
      <p>
        Send {what} to <strong>{pending.maskedEmail}</strong>?
      </p>
      <form method="post" action={action}>
        <button type="submit">Confirm subscription</button>
      </form>
    </StandalonePage>
  );
}

export function ConfirmedView({ maskedEmail, incident }: { maskedEmail: string; incident: { title: string } | null }) {
  return (
    <StandalonePage title="Subscribed">
      <h1>You are subscribed</h1>
      <p className="card" role="status">
        We will email {incident ? `updates about “${incident.title}”` : "updates about every incident"} to {maskedEmail}. Every email has
        a one-click unsubscribe link.
      </p>
      <p>
        <a href="/">Back to the status page</a>
      </p>
    </StandalonePage>
  );
}

export function InvalidConfirmView({ message }: { message: string }) {
  return (
    <StandalonePage title="Link not valid">
      <h1>This link is not valid</h1>
      <p className="notice error">{message}</p>
      <p>
        If you have confirmed already, you are subscribed. Otherwise <a href="/subscribe">subscribe again</a> to get a new link.
      </p>
    </StandalonePage>
  );
}
