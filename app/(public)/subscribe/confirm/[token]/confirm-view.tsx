import type { PendingConfirmation } from "@/lib/subscribers/confirm-subscription";
import Link from "next/link";

export function ConfirmView({ pending, action }: { pending: PendingConfirmation; action: string }) {
  const what = pending.incident ? `updates about “${pending.incident.title}”` : "updates about every incident";
  return (
    <main id="main" className="container self-service">
      <h1>Confirm your subscription</h1>
      <p>
        Send {what} to <strong>{pending.maskedEmail}</strong>?
      </p>
      <form method="post" action={action}>
        <button type="submit">Confirm subscription</button>
      </form>
    </main>
  );
}

export function ConfirmedView({ incident }: { incident: { title: string } | null }) {
  return (
    <main id="main" className="container self-service">
      <h1>You are subscribed</h1>
      <p className="card" role="status">
        We will email you {incident ? `updates about “${incident.title}”` : "updates about every incident"}. Every email has a one-click
        unsubscribe link.
      </p>
      <p>
        <Link href="/">Back to the status page</Link>
      </p>
    </main>
  );
}

export function InvalidConfirmView({ message }: { message: string }) {
  return (
    <main id="main" className="container self-service">
      <h1>This link is not valid</h1>
      <p className="notice error">{message}</p>
      <p>
        If you have confirmed already, you are subscribed. Otherwise <Link href="/subscribe">subscribe again</Link> to get a new link.
      </p>
    </main>
  );
}

export function ExpiredConfirmView({ message, maskedEmail, action }: { message: string; maskedEmail: string; action: string }) {
  return (
    <main id="main" className="container self-service">
      <h1>This link has expired</h1>
      <p className="notice error">{message} Nothing was changed.</p>
      <p>
        We can send a new confirmation link to <strong>{maskedEmail}</strong>.
      </p>
      <form method="post" action={action}>
        <button type="submit">Send a new link</button>
      </form>
    </main>
  );
}
