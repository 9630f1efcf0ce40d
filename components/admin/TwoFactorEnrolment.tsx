"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/action-state";
import { ActionResult } from "./ActionForm";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;
interface Enrolment {
  totpURI: string;
  secret: string;
  backupCodes: string[];
}

/**
 * Two steps: the password again gives a secret for the authenticator app and ten backup
 * codes (shown once, here only); the app's first code turns the factor on.
 */
export function TwoFactorEnrolment({ start, confirm }: { start: Action; confirm: Action }) {
  const [started, startAction, starting] = useActionState(start, { status: "idle" });
  const [confirmed, confirmAction, confirming] = useActionState(confirm, { status: "idle" });
  const enrolment = started.status === "ok" ? (started.data as Enrolment) : null;

  if (!enrolment) {
    return (
      <form action={startAction} className="stack" data-testid="two-factor-start">
        <label htmlFor="tf-password">Your password</label>
        <input id="tf-password" name="password" type="password" autoComplete="current-password" required />
        <div className="form-actions">
          <button type="submit" disabled={starting}>
            {starting ? "Working…" : "Set up authenticator app"}
          </button>
        </div>
        <ActionResult state={started} />
      </form>
    );
  }
  return (
    <>
      <ActionResult state={started} />
      <h2>1. Add the account to your app</h2>
      <p>
        Open <a href={enrolment.totpURI}>this link</a> on the phone with the app, or type the key:
      </p>
      <p>
        <code data-testid="totp-secret">{enrolment.secret}</code>
      </p>
      <h2>2. Keep the backup codes</h2>
      <p>Each works once, instead of a code from the app. They are shown only now.</p>
      <ul data-testid="backup-codes">
        {enrolment.backupCodes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <h2>3. Confirm</h2>
      <form action={confirmAction} className="stack" data-testid="two-factor-confirm">
        <label htmlFor="tf-code">Code from the app</label>
        <input id="tf-code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required />
        <div className="form-actions">
          <button type="submit" disabled={confirming}>
            {confirming ? "Working…" : "Turn on"}
          </button>
        </div>
        <ActionResult state={confirmed} />
      </form>
    </>
  );
}
