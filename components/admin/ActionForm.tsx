"use client";

import { Fragment, startTransition, useActionState, useEffect, useRef } from "react";
import type { ActionState } from "@/lib/http/action-state";

type Action = (state: ActionState, form: FormData) => Promise<ActionState>;

interface Props {
  action: Action;
  children: React.ReactNode;
  submitLabel: string;
  /** Extra buttons (each with name/value) besides the submit button. */
  className?: string;
  confirm?: string;
  testId?: string;
  /** Clear the fields after a success (new update, new invite), not after an error. */
  resetOnSuccess?: boolean;
  /** The submit button cannot be pressed (nothing to do). */
  disabled?: boolean;
}

type Counted = ActionState & { successes?: number };

interface ConflictDetails {
  current: Record<string, unknown> & { version: number };
  yours: Record<string, unknown>;
}

function isConflict(details: unknown): details is ConflictDetails {
  return typeof details === "object" && details !== null && "current" in details && "yours" in details;
}

/**
 * A staff form bound to a server action. It keeps what was typed when the server says
 * no (React resets a form after an action, which would throw away the editor's text on
 * a conflict), shows the result, and on a CONFLICT shows both versions side by side.
 */
export function ActionForm({ action, children, submitLabel, className, confirm, testId, resetOnSuccess, disabled }: Props) {
  const [state, formAction, pending] = useActionState<Counted, FormData>(async (previous, form) => {
    const next = await action(previous, form);
    return { ...next, successes: (previous.successes ?? 0) + (next.status === "ok" ? 1 : 0) };
  }, { status: "idle" });
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    // After a conflict the form is based on the version now saved: saving again is a
    // deliberate choice to replace it, made with both versions on screen.
    if (state.status === "error" && state.code === "CONFLICT" && isConflict(state.details)) {
      const version = formRef.current?.elements.namedItem("version");
      if (version instanceof HTMLInputElement) version.value = String(state.details.current.version);
    }
  }, [state]);

  return (
    <form
      ref={formRef}
      className={className}
      data-testid={testId}
      action={formAction}
      onSubmit={(event) => {
        event.preventDefault();
        if (confirm && !window.confirm(confirm)) return;
        const form = event.currentTarget;
        const data = new FormData(form, (event.nativeEvent as SubmitEvent).submitter);
        startTransition(() => formAction(data));
      }}
    >
      <Fragment key={resetOnSuccess ? (state.successes ?? 0) : 0}>{children}</Fragment>
      <div className="form-actions">
        <button type="submit" disabled={pending || disabled}>
          {pending ? "Working…" : submitLabel}
        </button>
      </div>
      <ActionResult state={state} />
    </form>
  );
}

export function ActionResult({ state }: { state: ActionState }) {
  if (state.status === "idle") return null;
  if (state.status === "ok") {
    const data = state.data as { inviteUrl?: string; webhookSecret?: string; apiKey?: string } | undefined;
    return (
      <div className="notice ok" role="status">
        <p>{state.message}</p>
        {data?.inviteUrl ? (
          <p>
            One-time invite link (shown once; it was also queued as an email):{" "}
            <code data-testid="invite-url">{data.inviteUrl}</code>
          </p>
        ) : null}
        {data?.webhookSecret ? (
          <p>
            Signing secret (shown once; the receiver verifies with it): <code data-testid="webhook-secret">{data.webhookSecret}</code>
          </p>
        ) : null}
        {data?.apiKey ? (
          <p>
            The key (shown once, only its hash is stored; copy it now): <code data-testid="api-key">{data.apiKey}</code>
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div className="notice error" role="alert" data-code={state.code}>
      <p>
        <strong>{state.code === "CONFLICT" ? "Conflict: " : state.code === "FORBIDDEN" ? "Not allowed: " : "Not saved: "}</strong>
        {state.message}
      </p>
      {state.fieldErrors ? (
        <ul>
          {Object.entries(state.fieldErrors).map(([field, message]) => (
            <li key={field}>
              {field}: {message}
            </li>
          ))}
        </ul>
      ) : null}
      {isConflict(state.details) ? <ConflictTable details={state.details} /> : null}
    </div>
  );
}

function ConflictTable({ details }: { details: ConflictDetails }) {
  const fields = Object.keys(details.yours).filter((k) => k !== "version");
  return (
    <div className="table-wrap">
      <table className="conflict" data-testid="conflict">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Saved by the other editor (version {details.current.version})</th>
            <th scope="col">Yours (not saved)</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => {
            const theirs = String(details.current[field] ?? "");
            const yours = String(details.yours[field] ?? "");
            return (
              <tr key={field} className={theirs === yours ? undefined : "differs"}>
                <th scope="row">{field}</th>
                <td>{theirs}</td>
                <td>{yours}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted">Your text is still in the form. Save again to replace their version with yours, or reload to start from theirs.</p>
    </div>
  );
}
